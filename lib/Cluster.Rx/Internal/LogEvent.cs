using Microsoft.Extensions.Logging;

namespace Cluster.Rx.Internal;

/// <summary>
/// One kind of log line of the master: its event id (a stable number and a name, see <see cref="LogEvents"/>), its
/// level and its message template. The typed subclasses (<see cref="LogEvent{T1}"/>, …) fix the values' number and
/// types, as <c>LoggerMessage.Define</c> does, so a call site cannot give too few or too many.
/// </summary>
internal abstract class LogEvent
{
    protected LogEvent(int id, string name, LogLevel level, string template, int holes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Id = new EventId(id, name);
        Level = level;
        Template = LogTemplate.Parse(template);
        if (Template.Names.Count != holes)
        {
            throw new ArgumentException($"log event {id} ({name}) takes {holes} value(s) but its template '{template}' has {Template.Names.Count} hole(s)", nameof(template));
        }
    }

    /// <summary>The event id: a number stable across versions, grouped by area, and a name.</summary>
    public EventId Id { get; }

    /// <summary>The level (<c>info</c>, <c>warning</c>, <c>error</c> on stderr).</summary>
    public LogLevel Level { get; }

    /// <summary>The message template.</summary>
    public LogTemplate Template { get; }

    /// <summary>The level as the master's stderr lines and <see cref="ClusterLogEntry.Level"/> name it.</summary>
    public string LevelName => Level switch
    {
        LogLevel.Trace or LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warning",
        _ => "error",
    };

    /// <summary>A line of this event with <paramref name="values"/> in its holes.</summary>
    protected LogLine Line(params object?[] values) => new(this, values);
}
