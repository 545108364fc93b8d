using Microsoft.Extensions.Logging;

namespace Cluster.Rx.Internal;

/// <summary>A <see cref="LogEvent"/> whose template has no holes.</summary>
internal sealed class ConstantLogEvent(int id, string name, LogLevel level, string template) : LogEvent(id, name, level, template, holes: 0)
{
    /// <summary>A line of this event.</summary>
    public LogLine With() => Line();
}
