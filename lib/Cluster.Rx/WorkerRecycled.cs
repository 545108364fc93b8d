namespace Cluster.Rx;

/// <summary>
/// A worker past one of its limits (<c>max requests</c>, <c>max memory</c>) is about to be recycled: a new worker
/// is started to take its id next, and the old one is stopped gracefully only once the new one has connected, so
/// that no request fails. Published just before the new worker is started (<see cref="WorkerSpawned"/> follows); if
/// the new worker fails, <see cref="RestartFailed"/> follows instead, the old one keeps serving, and it is recycled
/// again later (a new <see cref="WorkerRecycled"/> then).
/// </summary>
/// <param name="Timestamp">When it happened, by the master's scheduler clock.</param>
/// <param name="Worker">The worker being recycled (the old one).</param>
/// <param name="Reason">Which limit it reached.</param>
/// <param name="Detail">The limit and the value, in words: <c>1012 requests (limit 1012)</c>, <c>RSS 301 MiB over 'max memory' 256 MiB</c>.</param>
public sealed record WorkerRecycled(DateTimeOffset Timestamp, Worker Worker, RecycleReason Reason, string Detail) : WorkerEvent(Timestamp, Worker);
