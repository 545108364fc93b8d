namespace Cluster.Rx;

/// <summary>A worker taken away on purpose (by <see cref="Master.Remove"/>, or replaced by <see cref="Master.RestartWorkers"/>) has exited; it is not replaced.</summary>
/// <param name="Timestamp">When it happened, by the master's scheduler clock.</param>
/// <param name="Worker">The worker concerned.</param>
public sealed record WorkerRemoved(DateTimeOffset Timestamp, Worker Worker) : WorkerEvent(Timestamp, Worker);
