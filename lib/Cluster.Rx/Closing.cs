namespace Cluster.Rx;

/// <summary>The master is shutting down, hard (<see cref="MasterState.HardShutdown"/>) or gracefully (<see cref="MasterState.GracefulShutdown"/>).</summary>
/// <param name="Timestamp">When it happened, by the master's scheduler clock.</param>
/// <param name="State">The shutdown under way.</param>
public sealed record Closing(DateTimeOffset Timestamp, MasterState State) : ClusterEvent(Timestamp);
