namespace Cluster.Rx;

/// <summary>The master in a <see cref="ClusterStats"/> snapshot, with the cluster's totals.</summary>
/// <param name="Pid">The master's pid (from <see cref="Cluster.Rx.Started"/>); null before it was seen.</param>
/// <param name="Os">The operating system, as <see cref="System.Runtime.InteropServices.RuntimeInformation.OSDescription"/> names it.</param>
/// <param name="State">The master's state (from <see cref="Closing"/>).</param>
/// <param name="Started">
/// When the cluster started, by the master's scheduler clock: the first master's start, carried across zero-downtime
/// restarts; null before <see cref="Cluster.Rx.Started"/> was seen.
/// </param>
/// <param name="Uptime">The time from <paramref name="Started"/> to the snapshot; null when that is unknown.</param>
/// <param name="Workers">The worker processes alive now: spawned and not exited (during a roll, a successor and its predecessor both count).</param>
/// <param name="Deaths">Workers that died while the master was active (<see cref="WorkerKilled"/> before <see cref="Closing"/>), across restarts.</param>
/// <param name="Restarts">Zero-downtime restarts of the master so far.</param>
/// <param name="Requests">
/// Requests done by every worker the cluster has had, those that exited included, across restarts: it never goes
/// down when a worker is replaced. Null unless requests are counted.
/// </param>
/// <param name="ConnectionsActive">Connections open on the live workers at their last reports; null unless connections are counted.</param>
/// <param name="ConnectionsTotal">Connections accepted by every worker the cluster has had, as <paramref name="Requests"/>; null unless connections are counted.</param>
public sealed record MasterStats(
    int? Pid,
    string Os,
    MasterState State,
    DateTimeOffset? Started,
    TimeSpan? Uptime,
    int Workers,
    int Deaths,
    int Restarts,
    long? Requests,
    long? ConnectionsActive,
    long? ConnectionsTotal);
