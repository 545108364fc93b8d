namespace Cluster.Rx;

/// <summary>The master has shut down: every worker has exited. The last event; the streams complete after it. <c>ExitCode</c> is what <see cref="Master.RunAsync"/> returns.</summary>
/// <param name="Timestamp">When it happened, by the master's scheduler clock.</param>
/// <param name="ExitCode">The exit code.</param>
public sealed record Closed(DateTimeOffset Timestamp, int ExitCode) : ClusterEvent(Timestamp);
