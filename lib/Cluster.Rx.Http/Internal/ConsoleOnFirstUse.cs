using Microsoft.Extensions.Logging;

namespace Cluster.Rx.Http.Internal;

/// <summary>
/// Logging at <see cref="LogLevel.Warning"/> and above to the console, as a default <c>WebApplication</c> logs, for a
/// <see cref="HandlerServer"/>; the console logger (its options, queue and thread) is made when the first line is
/// logged, so a worker that never logs never pays for it.
/// </summary>
internal sealed class ConsoleOnFirstUse : ILoggerFactory
{
    private readonly Lazy<ILoggerFactory> _console = new(
        () => LoggerFactory.Create(logging => logging.AddConsole().SetMinimumLevel(LogLevel.Warning)));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => _console.Value.AddProvider(provider);

    public void Dispose()
    {
        if (_console.IsValueCreated)
        {
            _console.Value.Dispose();
        }
    }

    private sealed class Logger(ConsoleOnFirstUse factory, string category) : ILogger
    {
        private ILogger? _logger;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Warning and < LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                (_logger ??= factory._console.Value.CreateLogger(category)).Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
