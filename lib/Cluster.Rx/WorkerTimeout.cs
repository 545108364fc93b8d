namespace Cluster.Rx;

/// <summary>A worker shutting down gracefully did not finish within the <c>timeout</c> setting and exits now.</summary>
/// <param name="Timestamp">When it happened, by the master's scheduler clock.</param>
/// <param name="Worker">The worker concerned.</param>
public sealed record WorkerTimeout(DateTimeOffset Timestamp, Worker Worker) : WorkerEvent(Timestamp, Worker);
