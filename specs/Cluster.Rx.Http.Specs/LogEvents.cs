using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Cluster.Rx.Http.Specs;

/// <summary>A logger provider that lets a spec await a log event by its name (Kestrel's and the server's own, at any level).</summary>
internal sealed class LogEvents : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _seen = new();

    /// <summary>Adds this provider to <paramref name="logging"/>, with every level let through to it.</summary>
    public void AttachTo(ILoggingBuilder logging) => logging.AddProvider(this).AddFilter<LogEvents>(null, LogLevel.Trace);

    /// <summary>Completes once an event named <paramref name="name"/> has been logged (or at once if it was).</summary>
    public Task Named(string name) => Signal(name).Task;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private TaskCompletionSource Signal(string name) =>
        _seen.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private sealed class Logger(LogEvents events) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name is { } name)
            {
                events.Signal(name).TrySetResult();
            }
        }
    }
}
