using System.Reactive.Threading.Tasks;

namespace Cluster.Rx;

/// <summary>
/// <c>shutdown</c> (SIGQUIT: workers finish their work) and <c>stop</c> (SIGTERM: workers are killed): sends the
/// master the signal and waits until it has exited. Exit code 0; 3 when the cluster is not running; 1 when this user
/// may not signal it or it is still running at the limit.
/// </summary>
internal static class ShutdownCommand
{
    public static Task<int> GracefulAsync(CliContext context) => RunAsync(
        context,
        Signal.SIGQUIT,
        context.Limits.Shutdown,
        "its workers to finish their work and the master to exit",
        "shut down",
        "its workers may still be finishing their work (the 'timeout' setting); see its log, or use 'stop' to end it at once");

    public static Task<int> HardAsync(CliContext context) => RunAsync(
        context,
        Signal.SIGTERM,
        context.Limits.Stop,
        "it to exit",
        "stopped",
        "see its log");

    /// <summary>
    /// Polls every <see cref="CliLimits.Poll"/>, for at most <paramref name="limit"/>: true once <paramref name="pid"/>
    /// is no longer alive, false at the limit. Cold, one value, on the context's scheduler.
    /// </summary>
    public static IObservable<bool> WaitForExit(CliContext context, int pid, TimeSpan limit) =>
        Polling.Until(() => !context.Processes.IsAlive(pid), context.Limits.Poll, limit, context.Scheduler);

    private static async Task<int> RunAsync(CliContext context, Signal signal, TimeSpan limit, string waitingFor, string done, string hint)
    {
        var master = context.PidFiles.ReadMaster();
        if (MasterSignal.Send(context, master, signal) is int refused)
        {
            return refused;
        }

        var pid = master!.Pid;
        context.Console.Line($"sent {signal} to master {pid}; waiting for {waitingFor} (at most {CliLimits.Seconds(limit)} s)");
        if (!await WaitForExit(context, pid, limit).ToTask().ConfigureAwait(false))
        {
            return context.Console.Fail($"master {pid} is still running {CliLimits.Seconds(limit)} s after {signal}: {hint}");
        }

        context.Console.Line($"{done}: master {pid} has exited");
        return 0;
    }
}
