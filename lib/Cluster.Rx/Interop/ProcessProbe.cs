namespace Cluster.Rx.Interop;

/// <summary>Whether a process by pid is alive, and whose it is, from <c>kill(pid, 0)</c> and <c>/proc</c>.</summary>
internal static class ProcessProbe
{
    /// <summary>
    /// True when <paramref name="pid"/> is a live process: <c>kill(pid, 0)</c> finds it (or finds it belongs to another
    /// user) and it is not a zombie (exited, not yet reaped by its parent). False for a pid of 0 or less.
    /// </summary>
    public static bool IsAlive(int pid) =>
        pid > 0 && Libc.Kill(pid, 0) != KillResult.NoSuchProcess && !IsZombie(pid);

    /// <summary>The name (else the uid) of the user that owns <paramref name="pid"/>; null when it cannot be told.</summary>
    public static string? OwnerOf(int pid) =>
        FileStatus.Of($"/proc/{pid}") is { } status ? AccountNames.OfUser(status.Owner) : null;

    /// <summary>True when <c>/proc/PID/stat</c> says the process is a zombie (state Z) or dead (X).</summary>
    private static bool IsZombie(int pid)
    {
        try
        {
            // "PID (COMM) STATE …": COMM may hold spaces and parentheses, so the state follows the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return close >= 0 && close + 2 < stat.Length && stat[close + 2] is 'Z' or 'X';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone meanwhile, or no /proc: kill(pid, 0) has spoken.
            return false;
        }
    }
}
