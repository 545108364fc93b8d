using Microsoft.Extensions.Logging;

namespace Cluster.Rx.Internal;

/// <summary>A <see cref="LogEvent"/> with 5 values (T1, T2, T3, T4, T5), in the order of its template's holes.</summary>
internal sealed class LogEvent<T1, T2, T3, T4, T5>(int id, string name, LogLevel level, string template) : LogEvent(id, name, level, template, holes: 5)
{
    /// <summary>A line of this event.</summary>
    public LogLine With(T1 value1, T2 value2, T3 value3, T4 value4, T5 value5) => Line(value1, value2, value3, value4, value5);
}
