namespace Cluster.Rx.Observability;

/// <summary>
/// Why a worker died, as the <c>cause</c> tag of <see cref="ClusterMetrics.WorkerDeaths"/> names it: from its exit
/// code and whether it had connected.
/// </summary>
internal static class DeathCause
{
    /// <summary>It had connected, and exited by itself (exit code 0 to 128).</summary>
    public const string Exit = "exit";

    /// <summary>It had connected, and a signal ended it (exit code 128 + n: SIGKILL from an operator or the OOM killer, SIGTERM, …).</summary>
    public const string Signal = "signal";

    /// <summary>It died before it connected, whatever the exit code (a crash at start-up, or killed at its <c>ready timeout</c>).</summary>
    public const string BootFailure = "boot_failure";

    /// <summary>It had connected, went silent for the <c>heartbeat timeout</c>, and the master killed it (after <see cref="WorkerHung"/>).</summary>
    public const string Hung = "hung";

    public static string Of(int exitCode, bool connected) =>
        !connected ? BootFailure : exitCode > 128 ? Signal : Exit;
}
