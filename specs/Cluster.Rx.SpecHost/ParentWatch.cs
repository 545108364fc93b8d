using System.Globalization;

namespace Cluster.Rx.SpecHost;

/// <summary>
/// A safety net for the spec run: when the spec process (the test host, named by <c>SPEC_PARENT_PID</c>) goes away
/// without cleaning up, the master destroys its cluster, so no spec run leaves servers behind. The spec process is
/// watched by pid and start time, not as the master's parent: a replacement master (a restart) is a child of the
/// master it replaces, and is re-parented when that one exits, yet must watch the same spec process.
/// </summary>
internal static class ParentWatch
{
    private static Timer? s_timer;

    public static void Start(Master master)
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("SPEC_PARENT_PID"), NumberStyles.None, CultureInfo.InvariantCulture, out var parent))
        {
            return;
        }

        var startTime = StartTime(parent);
        s_timer = new Timer(_ =>
        {
            if (startTime is not null && StartTime(parent) == startTime)
            {
                return;
            }

            Console.Error.WriteLine($"spec host: the spec process {parent} is gone; destroying the cluster");
            try
            {
                master.Destroy();
            }
            catch (InvalidOperationException)
            {
                Environment.Exit(3);
            }
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// The start time of <paramref name="pid"/> (field 22 of <c>/proc/PID/stat</c>), which tells it from a later
    /// process with the same pid; null when there is no such live process (gone, or a zombie).
    /// </summary>
    private static string? StartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // "PID (COMM) STATE PPID …": COMM may hold spaces and parentheses, so count fields after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 && fields[0] != "Z" ? fields[19] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
