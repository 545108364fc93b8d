using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;

namespace Cluster.Rx;

/// <summary>
/// <c>restart</c>: sends the master SIGUSR2 (a zero-downtime restart) and waits until <c>master.pid</c> names a new,
/// live master, which the new master writes once it has taken over; prints its pid. Exit code 0; 3 when the cluster
/// is not running; 1 when the restart failed (the old master goes on serving) or nothing happened in time.
/// </summary>
internal static class RestartCommand
{
    public static async Task<int> RunAsync(CliContext context)
    {
        var old = context.PidFiles.ReadMaster();
        if (MasterSignal.Send(context, old, Signal.SIGUSR2) is int refused)
        {
            return refused;
        }

        var limit = context.Limits.Restart;
        context.Console.Line($"sent SIGUSR2 to master {old!.Pid}; waiting for a new master to take over (at most {CliLimits.Seconds(limit)} s)");
        var outcome = await WaitForTakeover(context, old).ToTask().ConfigureAwait(false);
        return outcome switch
        {
            { NewMaster: int pid } => Done(context, $"restarted: new master pid {pid} (was {old.Pid})"),
            { Failure: { } why } => context.Console.Fail(why),
            _ => context.Console.Fail(
                $"no new master took over within {CliLimits.Seconds(limit)} s of SIGUSR2; master {old.Pid} goes on serving if it can; its log says why"),
        };
    }

    /// <summary>
    /// Looks at <c>master.pid</c> and the old master every <see cref="CliLimits.Poll"/>, for at most
    /// <see cref="CliLimits.Restart"/>: the outcome (see <see cref="Check"/>), or null when the limit passed first.
    /// Cold, one value, on the context's scheduler.
    /// </summary>
    public static IObservable<RestartOutcome?> WaitForTakeover(CliContext context, PidFileEntry old) =>
        Polling.FirstOrNull(() => Check(context, old), context.Limits.Poll, context.Limits.Restart, context.Scheduler);

    /// <summary>
    /// What the pid files and processes say now: a new master took over once <c>master.pid</c> names another pid that
    /// is alive; the restart failed when the old master wrote <c>master.pid</c> again with its own pid (it does so when
    /// it gives up on its replacement) or exited with no new master named; null while neither.
    /// </summary>
    public static RestartOutcome? Check(CliContext context, PidFileEntry old)
    {
        var now = context.PidFiles.ReadMaster();
        if (now is not null && now.Pid != old.Pid && context.Processes.IsAlive(now.Pid))
        {
            return RestartOutcome.TakenOver(now.Pid);
        }

        if (now is not null && now.Pid == old.Pid && now.Identity != old.Identity)
        {
            return RestartOutcome.Failed($"the restart failed: the new master did not take over, and master {old.Pid} goes on serving; its log says why");
        }

        if (!context.Processes.IsAlive(old.Pid))
        {
            return RestartOutcome.Failed(
                $"master {old.Pid} exited and no new master took over ({(now is null ? "master.pid is gone" : $"master.pid names {now.Pid}, which is not alive")}); its log says why");
        }

        return null;
    }

    private static int Done(CliContext context, string line)
    {
        context.Console.Line(line);
        return 0;
    }
}
