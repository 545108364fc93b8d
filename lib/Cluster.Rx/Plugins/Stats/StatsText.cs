using System.Globalization;
using System.Text;

namespace Cluster.Rx;

/// <summary>
/// The <c>stats</c> command's answer as text, in the sections of the original cluster's stats: <c>Master</c>,
/// <c>Resources</c>, <c>Workers</c>, each a title and <c>key: value</c> rows, values aligned.
/// </summary>
internal static class StatsText
{
    private const string Indent = "  ";

    /// <param name="stats">The snapshot.</param>
    /// <param name="resources">The machine's resources.</param>
    /// <param name="silent">Workers that did not answer the pull in time (their counts may be behind).</param>
    /// <param name="waited">How long they were waited for.</param>
    public static string Format(ClusterStats stats, ResourceStats resources, IReadOnlyList<WorkerStats> silent, TimeSpan waited)
    {
        var master = stats.Master;
        var text = new StringBuilder();
        text.Append("Master\n");
        Rows(text, Indent, [
            ("pid", master.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-"),
            ("os", master.Os),
            ("state", State(master.State)),
            ("started", master.Started?.UtcDateTime.ToString("R", CultureInfo.InvariantCulture) ?? "-"),
            ("uptime", master.Uptime is { } uptime ? Duration(uptime) : "-"),
            ("restarts", Count(master.Restarts)),
            ("workers", Count(master.Workers)),
            ("deaths", Count(master.Deaths)),
            .. Counts(master.ConnectionsActive, master.ConnectionsTotal, master.Requests),
        ]);
        text.Append("\nResources\n");
        Rows(text, Indent, [
            ("load average", resources.LoadAverage is { } load ? Invariant($"{load.One:F2} {load.Five:F2} {load.Fifteen:F2}") : "-"),
            ("cores utilized", Invariant($"{master.Workers} / {resources.Cores}")),
            ("memory at boot (free / total)", Memory(resources.MemoryAtBoot)),
            ("memory now (free / total)", Memory(resources.MemoryNow)),
        ]);
        text.Append("\nWorkers\n");
        foreach (var worker in stats.Workers)
        {
            text.Append(Invariant($"{Indent}#{worker.Id} (pid {worker.Pid})\n"));
            Rows(text, Indent + Indent, [
                ("uptime", Duration(worker.Uptime)),
                .. Counts(worker.ConnectionsActive, worker.ConnectionsTotal, worker.Requests),
            ]);
        }

        if (silent.Count > 0)
        {
            var names = string.Join(", ", silent.Select(w => Invariant($"#{w.Id} (pid {w.Pid})")));
            text.Append(Invariant($"{Indent}not answered within {waited.TotalSeconds:0.###} s, counts may be behind: {names}\n"));
        }

        return text.ToString().TrimEnd('\n');
    }

    /// <summary><c>2 minutes 5 seconds</c>: the two largest units of <paramref name="duration"/>.</summary>
    internal static string Duration(TimeSpan duration)
    {
        var (days, hours, minutes, seconds) = (duration.Days, duration.Hours, duration.Minutes, duration.Seconds);
        return days > 0 ? $"{Unit(days, "day")} {Unit(hours, "hour")}"
            : hours > 0 ? $"{Unit(hours, "hour")} {Unit(minutes, "minute")}"
            : minutes > 0 ? $"{Unit(minutes, "minute")} {Unit(seconds, "second")}"
            : Unit(Math.Max(0, seconds), "second");
    }

    /// <summary><c>2.18 GiB</c>.</summary>
    internal static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var value = (double)bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? Invariant($"{bytes} B") : Invariant($"{value:F2} {units[unit]}");
    }

    private static void Rows(StringBuilder text, string indent, IReadOnlyList<(string Key, string Value)> rows)
    {
        var width = rows.Max(row => row.Key.Length) + 1;
        foreach (var (key, value) in rows)
        {
            text.Append(indent).Append((key + ":").PadRight(width)).Append(' ').Append(value).Append('\n');
        }
    }

    private static IEnumerable<(string, string)> Counts(long? active, long? total, long? requests)
    {
        if (active is not null || total is not null)
        {
            yield return ("connections", Invariant($"{active ?? 0}|{total ?? 0}"));
        }

        if (requests is { } count)
        {
            yield return ("requests", Count(count));
        }
    }

    private static string State(MasterState state) => state switch
    {
        MasterState.HardShutdown => "hard shutdown",
        MasterState.GracefulShutdown => "graceful shutdown",
        _ => "active",
    };

    private static string Memory(MemoryStats? memory) => memory is null ? "-" : $"{Bytes(memory.Free)} / {Bytes(memory.Total)}";

    private static string Count(long count) => count.ToString(CultureInfo.InvariantCulture);

    private static string Unit(int count, string unit) => Invariant($"{count} {unit}{(count == 1 ? string.Empty : "s")}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
