namespace Cluster.Rx;

/// <summary>
/// In the master that asked for a restart: the restart failed, and this master goes on serving exactly as before,
/// ready for the next one. For <see cref="Master.Restart"/>, the replacement master exited, was killed or did not
/// take over within <c>ready timeout</c>; for <see cref="Master.RestartWorkers"/>, a new worker died or was not
/// ready in time (its predecessor keeps serving, and the roll stops).
/// </summary>
/// <param name="Timestamp">When it happened, by the master's scheduler clock.</param>
/// <param name="Reason">What went wrong, in words.</param>
/// <param name="Pid">The pid of the replacement master, or of the new worker, that failed.</param>
/// <param name="ExitCode">Its exit code (128 + n for signal n), or null when it is not known.</param>
/// <param name="LastException">The last unhandled exception one of the new workers reported, if any.</param>
public sealed record RestartFailed(DateTimeOffset Timestamp, string Reason, int Pid, int? ExitCode, WorkerException? LastException) : ClusterEvent(Timestamp);
