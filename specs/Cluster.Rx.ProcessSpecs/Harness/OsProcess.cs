using System.Text;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs.Harness;

/// <summary>What <c>/proc</c> tells about a process, and signals by pid.</summary>
internal static class OsProcess
{
    /// <summary>
    /// True when <paramref name="pid"/> is alive (not a zombie) and carries <paramref name="marker"/> in its
    /// environment: it is a process of the cluster that was started with that marker, never an unrelated one
    /// that got the pid later.
    /// </summary>
    public static bool IsOurs(int pid, string marker)
    {
        try
        {
            var environment = File.ReadAllBytes($"/proc/{pid}/environ");
            return Encoding.UTF8.GetString(environment).Split('\0').Contains(marker);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The pids of every live process that carries <paramref name="marker"/> in its environment.</summary>
    public static IReadOnlyList<int> FindByMarker(string marker) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && pid != Environment.ProcessId && IsOurs(pid, marker))];

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when there is no such process.</summary>
    public static bool Signal(int pid, Signum signal) => Syscall.kill(pid, signal) == 0;

    /// <summary>The process title (<c>comm</c>, what <c>ps -o comm=</c> shows).</summary>
    public static string Title(int pid) => File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n');

    /// <summary>The process's current directory.</summary>
    public static string? WorkingDirectory(int pid) => new FileInfo($"/proc/{pid}/cwd").LinkTarget;

    /// <summary>A line of <c>/proc/PID/status</c>, such as <c>Uid</c>: its values (real, effective, saved, filesystem).</summary>
    public static IReadOnlyList<string> Status(int pid, string field) =>
        File.ReadAllLines($"/proc/{pid}/status")
            .Where(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Select(l => l[(field.Length + 1)..].Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .FirstOrDefault() ?? [];
}
