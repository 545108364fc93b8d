namespace Cluster.Rx;

/// <summary>A worker connected to the master and serves (its server accepts connections), or, in an abstract cluster, runs.</summary>
/// <param name="Timestamp">When it happened, by the master's scheduler clock.</param>
/// <param name="Worker">The worker concerned.</param>
public sealed record WorkerConnected(DateTimeOffset Timestamp, Worker Worker) : WorkerEvent(Timestamp, Worker);
