namespace Cluster.Rx;

/// <summary>The master is sending <c>Signal</c> to every worker.</summary>
/// <param name="Timestamp">When it happened, by the master's scheduler clock.</param>
/// <param name="Signal">The signal.</param>
public sealed record Killing(DateTimeOffset Timestamp, Signal Signal) : ClusterEvent(Timestamp);
