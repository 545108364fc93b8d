using Microsoft.Extensions.Logging;

namespace Cluster.Rx.Specs.Internal;

/// <summary>One entry a <see cref="CapturingLoggerFactory"/> logger was given.</summary>
internal sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, IReadOnlyList<KeyValuePair<string, object?>> Values, string Message)
{
    /// <summary>The value named <paramref name="name"/>.</summary>
    public object? this[string name] => Values.Single(v => v.Key == name).Value;
}
