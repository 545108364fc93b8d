using System.Diagnostics;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;

namespace Cluster.Rx.Supervision;

/// <summary>The exit of a process this master started, as an observable.</summary>
internal static class ProcessExit
{
    /// <summary>
    /// The exit code, once, when <paramref name="process"/> has exited and been reaped (replayed to late
    /// subscribers; an exit before the first subscription is not missed). The process object is disposed then, and
    /// the diagnostic files the runtime leaves behind when a .NET process is killed are removed (<see cref="DiagnosticFiles"/>).
    /// Call it as soon as the process has started.
    /// </summary>
    public static IObservable<int> Of(Process process)
    {
        var leftovers = DiagnosticFiles.Of(process.Id, Path.GetTempPath());
        var exited = process.WaitForExitAsync().ToObservable()
            .Select(_ =>
            {
                var code = process.ExitCode;
                process.Dispose();
                leftovers?.Remove();
                return code;
            })
            .Replay(1);
        exited.Connect();
        return exited;
    }
}
