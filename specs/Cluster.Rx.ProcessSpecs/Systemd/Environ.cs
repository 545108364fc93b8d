using System.Text;

namespace Cluster.Rx.ProcessSpecs.Systemd;

/// <summary>A process's environment as it was started, from <c>/proc/PID/environ</c>.</summary>
internal static class Environ
{
    /// <summary>The names of the variables of <paramref name="pid"/> that start with one of <paramref name="prefixes"/>.</summary>
    public static IReadOnlyList<string> Named(int pid, params string[] prefixes) =>
        [.. Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/environ"))
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(assignment => assignment.Split('=', 2)[0])
            .Where(name => prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))];
}
