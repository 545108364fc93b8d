namespace Cluster.Rx;

/// <summary>The master's IPC channel is ready: workers can connect. The first event of every master.</summary>
/// <param name="Timestamp">When it happened, by the master's scheduler clock.</param>
/// <param name="MasterPid">The master's pid.</param>
/// <param name="SocketPath">The path of the master's IPC socket.</param>
public sealed record Started(DateTimeOffset Timestamp, int MasterPid, string SocketPath) : ClusterEvent(Timestamp);
