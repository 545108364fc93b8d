using Cluster.Rx.Interop;

namespace Cluster.Rx;

/// <summary>Sends a signal to the master <c>master.pid</c> names, for the commands that control it.</summary>
internal static class MasterSignal
{
    /// <summary>
    /// Sends <paramref name="signal"/> to <paramref name="master"/> (what <c>master.pid</c> holds). Null when it was
    /// sent; else the exit code, with the reason on stderr: 3 when the cluster is not running (no file, or a pid that
    /// is not alive), 1 when this user may not signal it.
    /// </summary>
    public static int? Send(CliContext context, PidFileEntry? master, Signal signal)
    {
        if (master is null)
        {
            return context.Console.Fail($"the cluster is not running: no master.pid in {context.PidFiles.Directory}", StatusCommand.NotRunning);
        }

        if (!context.Processes.IsAlive(master.Pid))
        {
            return NotAlive(context, master.Pid);
        }

        switch (context.Processes.Signal(master.Pid, signal))
        {
            case KillResult.Sent:
                return null;
            case KillResult.NoSuchProcess:
                return NotAlive(context, master.Pid);
            default:
                var owner = context.Processes.OwnerOf(master.Pid);
                var user = owner is null ? "another user" : $"user '{owner}'";
                return context.Console.Fail(
                    $"not permitted to send {signal} to master {master.Pid}: it runs as {user}; run this command as {(owner is null ? "that user" : $"'{owner}'")} or as root");
        }
    }

    private static int NotAlive(CliContext context, int pid) => context.Console.Fail(
        $"the cluster is not running: {Path.Combine(context.PidFiles.Directory, "master.pid")} names {pid}, which is not a live process (left behind by a master that was killed)",
        StatusCommand.NotRunning);
}
