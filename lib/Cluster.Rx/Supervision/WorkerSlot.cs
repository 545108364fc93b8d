namespace Cluster.Rx.Supervision;

/// <summary>The supervisor's record of one worker process.</summary>
internal sealed class WorkerSlot(Worker worker, IWorkerProcess process, DateTimeOffset spawnedAt)
{
    public Worker Worker { get; } = worker;

    public IWorkerProcess Process { get; } = process;

    public DateTimeOffset SpawnedAt { get; } = spawnedAt;

    /// <summary>True once <c>Remove</c> asked it to stop: it is not replaced when it exits.</summary>
    public bool Removing { get; set; }

    /// <summary>True once the master sent it a signal: its death then was asked for, not a crash.</summary>
    public bool Signaled { get; set; }

    public IDisposable? Subscription { get; set; }
}
