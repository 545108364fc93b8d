namespace Cluster.Rx;

/// <summary>
/// What <see cref="StatsState"/> knows of one live worker process: when it was spawned, the highest totals it
/// reported (totals only grow, so a stale or repeated report changes nothing) and the last pull it answered.
/// </summary>
internal sealed record WorkerTally(Worker Worker, DateTimeOffset Started, long? Opened, long? Closed, long? Requests, long Answered)
{
    public static WorkerTally Spawned(Worker worker, DateTimeOffset at) => new(worker, at, null, null, null, 0);

    public WorkerTally With(WorkerActivity activity) => new(
        Worker,
        Started,
        Max(Opened, activity.ConnectionsOpened),
        Max(Closed, activity.ConnectionsClosed),
        Max(Requests, activity.Requests),
        Math.Max(Answered, activity.Pull));

    /// <summary>Connections open at its last report (never below zero, should a report read closed after opened).</summary>
    public long? Active => Opened is long opened ? Math.Max(0, opened - (Closed ?? 0)) : null;

    public WorkerStats ToStats(DateTimeOffset now, bool connections, bool requests) => new(
        Worker.Id,
        Worker.Pid,
        Started,
        now - Started,
        connections ? Active ?? 0 : null,
        connections ? Opened ?? 0 : null,
        requests ? Requests ?? 0 : null);

    private static long? Max(long? known, long? reported) =>
        (known, reported) switch
        {
            (null, _) => reported,
            (_, null) => known,
            _ => Math.Max(known.Value, reported.Value),
        };
}
