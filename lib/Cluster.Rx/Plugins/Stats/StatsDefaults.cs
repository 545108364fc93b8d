namespace Cluster.Rx;

/// <summary>The defaults and names of <see cref="Plugins.Stats"/>, chosen in one place.</summary>
internal static class StatsDefaults
{
    /// <summary>
    /// How long after its server's activity changes a worker samples it and sends its totals to the master: one frame
    /// per worker per interval at most, however many requests it served. 250 ms.
    /// </summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>How long the <c>stats</c> command waits for every worker to answer its pull before it answers with what it has. 1 s.</summary>
    public static readonly TimeSpan PullTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The channel workers send their totals on (<see cref="WorkerActivity"/>).</summary>
    public const string ActivityChannel = "stats";

    /// <summary>The channel the master asks workers for their totals on (<see cref="StatsPull"/>).</summary>
    public const string PullChannel = "stats.pull";

    /// <summary>The key of the restart snapshot (<see cref="Restarting.Snapshot"/>) the statistics are carried under.</summary>
    public const string SnapshotKey = "stats";

    /// <summary>The name of the command.</summary>
    public const string Command = "stats";
}
