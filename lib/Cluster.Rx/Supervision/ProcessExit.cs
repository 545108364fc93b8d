using System.Diagnostics;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;

namespace Cluster.Rx.Supervision;

/// <summary>The exit of a process this master started, as an observable.</summary>
internal static class ProcessExit
{
    /// <summary>
    /// The exit code, once, when <paramref name="process"/> has exited and been reaped (replayed to late
    /// subscribers; an exit before the first subscription is not missed). The process object is disposed then.
    /// </summary>
    public static IObservable<int> Of(Process process)
    {
        var exited = process.WaitForExitAsync().ToObservable()
            .Select(_ =>
            {
                var code = process.ExitCode;
                process.Dispose();
                return code;
            })
            .Replay(1);
        exited.Connect();
        return exited;
    }
}
