namespace Cluster.Rx;

/// <summary>A worker process was started.</summary>
/// <param name="Timestamp">When it happened, by the master's scheduler clock.</param>
/// <param name="Worker">The worker concerned.</param>
public sealed record WorkerSpawned(DateTimeOffset Timestamp, Worker Worker) : WorkerEvent(Timestamp, Worker);
