namespace Cluster.Rx;

/// <summary>
/// A serving worker sent no heartbeat for the <c>heartbeat timeout</c> setting (its thread pool is
/// deadlocked or starved, or the process is stopped): the master kills it with SIGKILL right after this event, and
/// replaces it as it replaces any dead worker (<see cref="WorkerKilled"/> follows once it has exited).
/// </summary>
/// <param name="Timestamp">When it happened, by the master's scheduler clock.</param>
/// <param name="Worker">The worker concerned.</param>
/// <param name="Silence">How long the master had heard nothing from it: since its last heartbeat, or since it connected.</param>
public sealed record WorkerHung(DateTimeOffset Timestamp, Worker Worker, TimeSpan Silence) : WorkerEvent(Timestamp, Worker);
