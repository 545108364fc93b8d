namespace Cluster.Rx;

/// <summary>A worker shutting down gracefully still has <c>Connections</c> open and waits for them.</summary>
/// <param name="Timestamp">When it happened, by the master's scheduler clock.</param>
/// <param name="Worker">The worker concerned.</param>
/// <param name="Connections">Connections still open.</param>
public sealed record WorkerWaiting(DateTimeOffset Timestamp, Worker Worker, int Connections) : WorkerEvent(Timestamp, Worker);
