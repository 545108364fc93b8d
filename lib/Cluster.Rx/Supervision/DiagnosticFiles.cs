using Cluster.Rx.Interop;

namespace Cluster.Rx.Supervision;

/// <summary>
/// The files a .NET process makes in the temp directory for its diagnostics: the socket <c>dotnet-counters</c>,
/// <c>dotnet-trace</c> and <c>dotnet-dump</c> connect to, and a debugger's two pipes, named by its pid and its start
/// time. The runtime removes them as the process exits; a process killed by a signal (a hung worker, a hard
/// shutdown, the OOM killer, an operator's <c>kill -9</c>) leaves them behind for good, three files a kill. The
/// master removes those of a process it started once it has reaped it. A process that made none (Native AOT,
/// diagnostics switched off) costs three failed unlinks.
/// </summary>
internal sealed class DiagnosticFiles
{
    private readonly IReadOnlyList<string> _paths;

    private DiagnosticFiles(IReadOnlyList<string> paths) => _paths = paths;

    /// <summary>
    /// The files process <paramref name="pid"/> makes in <paramref name="directory"/> (<see cref="Path.GetTempPath"/>:
    /// TMPDIR or /tmp, as the runtime picks it, for a child that inherits this process's environment); null when its
    /// start time cannot be read (it is gone already). Call it while the process runs.
    /// </summary>
    public static DiagnosticFiles? Of(int pid, string directory) =>
        ProcessProbe.StartTime(pid) is { } started ? new(Names(pid, started, directory)) : null;

    /// <summary>The names the runtime gives them: pid, then start time (clock ticks since boot), then the kind.</summary>
    internal static IReadOnlyList<string> Names(int pid, ulong started, string directory) =>
    [
        Path.Combine(directory, $"dotnet-diagnostic-{pid}-{started}-socket"),
        Path.Combine(directory, $"clr-debug-pipe-{pid}-{started}-in"),
        Path.Combine(directory, $"clr-debug-pipe-{pid}-{started}-out"),
    ];

    /// <summary>Removes whichever of them are left. Only once the process is reaped: until then they are its own.</summary>
    public void Remove()
    {
        foreach (var path in _paths)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Someone else's to deal with (a read-only or foreign temp directory): the master has nothing to report.
            }
        }
    }
}
