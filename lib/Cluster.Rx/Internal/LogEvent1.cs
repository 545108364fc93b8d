using Microsoft.Extensions.Logging;

namespace Cluster.Rx.Internal;

/// <summary>A <see cref="LogEvent"/> with 1 value (T1), in the order of its template's holes.</summary>
internal sealed class LogEvent<T1>(int id, string name, LogLevel level, string template) : LogEvent(id, name, level, template, holes: 1)
{
    /// <summary>A line of this event.</summary>
    public LogLine With(T1 value1) => Line(value1);
}
