namespace Cluster.Rx;

/// <summary>One worker process in a <see cref="ClusterStats"/> snapshot.</summary>
/// <param name="Id">The worker's id (a replacement or a successor has the same id as the worker it replaces).</param>
/// <param name="Pid">The worker's pid.</param>
/// <param name="Started">When it was spawned, by the master's scheduler clock (when the first of its messages came, for a worker spawned before the stream was subscribed).</param>
/// <param name="Uptime">The time from <paramref name="Started"/> to the snapshot.</param>
/// <param name="ConnectionsActive">Connections open at its last report; null unless connections are counted.</param>
/// <param name="ConnectionsTotal">Connections accepted since it started, at its last report; null unless connections are counted.</param>
/// <param name="Requests">Requests done since it started, at its last report; null unless requests are counted.</param>
public sealed record WorkerStats(
    int Id,
    int Pid,
    DateTimeOffset Started,
    TimeSpan Uptime,
    long? ConnectionsActive,
    long? ConnectionsTotal,
    long? Requests);
