namespace Cluster.Rx.ProcessSpecs.Harness;

/// <summary>
/// How long the specs wait, at most. Generous: the machine has 2 cores and several clusters start at once.
/// No wait is unbounded; a wait that runs out fails the spec with the cluster's output.
/// </summary>
internal static class Limits
{
    /// <summary>For a line the cluster should print soon (start-up, a worker replaced, a reply).</summary>
    public static readonly TimeSpan Line = TimeSpan.FromSeconds(30);

    /// <summary>For a process that should exit, or processes that should be gone.</summary>
    public static readonly TimeSpan Exit = TimeSpan.FromSeconds(20);

    /// <summary>For a restart to hand over: a new master and its workers start, the old master drains its own and exits.</summary>
    public static readonly TimeSpan Restart = TimeSpan.FromSeconds(60);

    /// <summary>For the crash-loop guard, which backs off before it gives up.</summary>
    public static readonly TimeSpan CrashLoop = TimeSpan.FromSeconds(60);

    /// <summary>How often a condition is polled while waiting for it.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);
}
