using Microsoft.Extensions.Logging;

namespace Cluster.Rx.Specs.Internal;

/// <summary>
/// An <see cref="ILoggerFactory"/> that keeps every entry its loggers are given (category, level, event id, the state's
/// values by name, the formatted message), with every level enabled unless <see cref="MinimumLevel"/> says otherwise.
/// </summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory
{
    private readonly List<CapturedLog> _entries = [];

    public LogLevel MinimumLevel { get; set; } = LogLevel.Trace;

    public List<string> Categories { get; } = [];

    public IReadOnlyList<CapturedLog> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName)
    {
        Categories.Add(categoryName);
        return new Logger(this, categoryName);
    }

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IReadOnlyList<KeyValuePair<string, object?>> list ? list.ToList() : [];
            lock (owner._entries)
            {
                owner._entries.Add(new CapturedLog(category, logLevel, eventId, values, formatter(state, exception)));
            }
        }
    }
}
