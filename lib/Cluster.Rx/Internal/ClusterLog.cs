using Microsoft.Extensions.Logging;

namespace Cluster.Rx.Internal;

/// <summary>
/// The master's own log lines (errors, warnings, notices), each a <see cref="LogEvent"/> with its values: written as
/// <c>cluster: level: text</c> to stderr (or the writer given; debug lines are not), one whole line at a time — or, once
/// <see cref="Logger"/> is set, to that logger instead, with the event id and the values by name — and published to
/// plugins (<see cref="Entries"/>) under the same lock, as text, whichever the sink.
/// </summary>
internal sealed class ClusterLog
{
    private readonly Lock _gate = new();
    private readonly TextWriter _writer;
    private readonly Broadcast<ClusterLogEntry> _entries;

    public ClusterLog(TextWriter? writer = null)
    {
        _writer = writer ?? Console.Error;
        _entries = new Broadcast<ClusterLogEntry>(this);
    }

    /// <summary>Where timestamps come from: the master's scheduler once it has one.</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    /// <summary>Where lines go instead of stderr (Master.UseLoggerFactory); null for stderr.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>Every line from now on, on the thread that writes it, never overlapping.</summary>
    public IObservable<ClusterLogEntry> Entries(string name) => _entries.Stream(name);

    /// <summary>A line without an event of its own (<see cref="LogEvents.Info"/>); prefer a <see cref="LogEvent"/>.</summary>
    public void Info(string text) => Write(LogEvents.Info, text);

    /// <summary>A line without an event of its own (<see cref="LogEvents.Warning"/>); prefer a <see cref="LogEvent"/>.</summary>
    public void Warning(string text) => Write(LogEvents.Warning, text);

    /// <summary>A line without an event of its own (<see cref="LogEvents.Error"/>); prefer a <see cref="LogEvent"/>.</summary>
    public void Error(string text) => Write(LogEvents.Error, text);

    public void Write(ConstantLogEvent logEvent) => Write(logEvent.With());

    public void Write<T1>(LogEvent<T1> logEvent, T1 value1) => Write(logEvent.With(value1));

    public void Write<T1, T2>(LogEvent<T1, T2> logEvent, T1 value1, T2 value2) => Write(logEvent.With(value1, value2));

    public void Write<T1, T2, T3>(LogEvent<T1, T2, T3> logEvent, T1 value1, T2 value2, T3 value3) =>
        Write(logEvent.With(value1, value2, value3));

    public void Write<T1, T2, T3, T4>(LogEvent<T1, T2, T3, T4> logEvent, T1 value1, T2 value2, T3 value3, T4 value4) =>
        Write(logEvent.With(value1, value2, value3, value4));

    public void Write<T1, T2, T3, T4, T5>(LogEvent<T1, T2, T3, T4, T5> logEvent, T1 value1, T2 value2, T3 value3, T4 value4, T5 value5) =>
        Write(logEvent.With(value1, value2, value3, value4, value5));

    public void Write(LogLine line)
    {
        var level = line.Event.LevelName;
        lock (_gate)
        {
            if (Logger is { } logger)
            {
                line.WriteTo(logger);
            }
            else if (line.Event.Level >= LogLevel.Information)
            {
                _writer.WriteLine($"cluster: {level}: {line.Text}");
            }

            _entries.Publish(new ClusterLogEntry(Clock(), level, line.Text));
        }
    }
}
