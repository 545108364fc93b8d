namespace Cluster.Rx;

/// <summary>A worker died, whatever the cause; unless the master is shutting down, it is replaced by a worker with the same id.</summary>
/// <param name="Timestamp">When it happened, by the master's scheduler clock.</param>
/// <param name="Worker">The worker concerned.</param>
/// <param name="ExitCode">Its exit status, as a shell reports it: 128 + n when signal n ended it (137 for SIGKILL).</param>
public sealed record WorkerKilled(DateTimeOffset Timestamp, Worker Worker, int ExitCode) : WorkerEvent(Timestamp, Worker);
