namespace Cluster.Rx;

/// <summary>A restart was asked for sooner than <c>restart threshold</c> after the master started; it happens after <c>Delay</c> (<c>restart timeout</c>).</summary>
/// <param name="Timestamp">When it happened, by the master's scheduler clock.</param>
/// <param name="Delay">How long the restart is put off.</param>
public sealed record CyclicRestart(DateTimeOffset Timestamp, TimeSpan Delay) : ClusterEvent(Timestamp);
