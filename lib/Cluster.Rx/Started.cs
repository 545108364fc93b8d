namespace Cluster.Rx;

/// <summary>The master's IPC channel is ready: workers can connect. The first event of every master.</summary>
/// <param name="Timestamp">When it happened, by the master's scheduler clock.</param>
/// <param name="MasterPid">The master's pid.</param>
/// <param name="SocketPath">The path of the master's IPC socket.</param>
/// <param name="PreviousMasterPid">
/// In a master started by a zero-downtime restart (<see cref="Master.Restart"/>), the pid of the master it is taking
/// over from (which still serves until this one's workers all do); null in a master started by hand.
/// </param>
public sealed record Started(DateTimeOffset Timestamp, int MasterPid, string SocketPath, int? PreviousMasterPid = null) : ClusterEvent(Timestamp)
{
    /// <summary>True in a master started by a zero-downtime restart (see <see cref="PreviousMasterPid"/>).</summary>
    public bool IsReplacement => PreviousMasterPid is not null;
}
