using System.Globalization;

namespace Cluster.Rx.Interop;

/// <summary>Whether a process by pid is alive, whose it is and when it started, from <c>kill(pid, 0)</c> and <c>/proc</c>.</summary>
internal static class ProcessProbe
{
    private const int StartTimeIndex = 22 - 3; // proc(5) counts from 1; the fields read here start at the third

    /// <summary>
    /// True when <paramref name="pid"/> is a live process: <c>kill(pid, 0)</c> finds it (or finds it belongs to another
    /// user) and it is not a zombie (exited, not yet reaped by its parent). False for a pid of 0 or less.
    /// </summary>
    public static bool IsAlive(int pid) =>
        pid > 0 && Libc.Kill(pid, 0) != KillResult.NoSuchProcess && !IsZombie(pid);

    /// <summary>The name (else the uid) of the user that owns <paramref name="pid"/>; null when it cannot be told.</summary>
    public static string? OwnerOf(int pid) =>
        FileStatus.Of($"/proc/{pid}") is { } status ? AccountNames.OfUser(status.Owner) : null;

    /// <summary>
    /// When <paramref name="pid"/> started, in clock ticks since boot (<c>/proc/PID/stat</c>'s 22nd field): with the
    /// pid, it names one process, never a later one that reuses the pid. Null when the process is gone.
    /// </summary>
    public static ulong? StartTime(int pid) =>
        StatFields(pid)?.Split(' ') is { Length: > StartTimeIndex } fields
            && ulong.TryParse(fields[StartTimeIndex], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? ticks
            : null;

    /// <summary>
    /// True when <c>/proc/PID/stat</c> says the process is a zombie (state Z) or dead (X); false when it cannot be
    /// read (gone meanwhile, or no /proc: kill(pid, 0) has spoken).
    /// </summary>
    private static bool IsZombie(int pid) =>
        StatFields(pid) is { Length: > 0 } fields && fields[0] is 'Z' or 'X';

    /// <summary>
    /// The fields of <c>/proc/PID/stat</c> after its command name, from the state (the third field) on; null when it
    /// cannot be read. The name may hold spaces and parentheses, so the fields start after the last ')'.
    /// </summary>
    private static string? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return close >= 0 && close + 2 < stat.Length ? stat[(close + 2)..] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
