namespace Cluster.Rx;

/// <summary>A line the master writes to its stderr about itself (see <see cref="IPluginContext.Log"/>).</summary>
/// <param name="Timestamp">When, by the master's scheduler clock.</param>
/// <param name="Level"><c>info</c>, <c>warning</c> or <c>error</c>.</param>
/// <param name="Text">The line, without the <c>cluster: level:</c> prefix.</param>
public sealed record ClusterLogEntry(DateTimeOffset Timestamp, string Level, string Text);
