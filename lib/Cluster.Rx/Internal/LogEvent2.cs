using Microsoft.Extensions.Logging;

namespace Cluster.Rx.Internal;

/// <summary>A <see cref="LogEvent"/> with 2 values (T1, T2), in the order of its template's holes.</summary>
internal sealed class LogEvent<T1, T2>(int id, string name, LogLevel level, string template) : LogEvent(id, name, level, template, holes: 2)
{
    /// <summary>A line of this event.</summary>
    public LogLine With(T1 value1, T2 value2) => Line(value1, value2);
}
