namespace Cluster.Rx.Supervision;

/// <summary>The recycle under way: the roll of one id that carries it out, the worker it replaces, and why it failed, once it has.</summary>
internal sealed class Recycling(WorkerRoll roll, WorkerEntry worker)
{
    public WorkerRoll Roll { get; } = roll;

    public WorkerEntry Worker { get; } = worker;

    /// <summary>Why its successor failed; null while it has not.</summary>
    public string? Failure { get; set; }
}
