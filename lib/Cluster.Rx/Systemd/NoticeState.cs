using System.Collections.Immutable;
using System.Globalization;

namespace Cluster.Rx.Systemd;

/// <summary>
/// What systemd has been told so far, and the notification one more event calls for (<see cref="Message"/>, null
/// when none). A master speaks for the service only while it is its main process (<see cref="Main"/>): from its
/// start, or, for a replacement master, once it takes over; and no longer once it has handed over.
/// </summary>
/// <param name="Workers">The number of workers the master starts with (<c>workers</c>): READY=1 once that many serve.</param>
/// <param name="Pid">This master's pid, for <c>MAINPID=</c>.</param>
/// <param name="Main">True while this master speaks for the service.</param>
/// <param name="Ready">True once READY=1 was sent.</param>
/// <param name="Reloading">True from RELOADING=1 until the restart failed (the new master sends the next READY=1).</param>
/// <param name="Closing">True once the master shuts down.</param>
/// <param name="Serving">The pids of the workers that connected and have not gone.</param>
/// <param name="Status">The last <c>STATUS=</c> sent.</param>
/// <param name="Message">The notification to send now, or null.</param>
internal sealed record NoticeState(
    int Workers,
    int Pid,
    bool Main,
    bool Ready,
    bool Reloading,
    bool Closing,
    ImmutableHashSet<int> Serving,
    string? Status,
    string? Message)
{
    public static NoticeState Initial(int workers, int pid) => new(workers, pid, false, false, false, false, [], null, null);

    /// <summary>The state after <paramref name="e"/>.</summary>
    public NoticeState On(ClusterEvent e, Func<bool> hasSuccessor, Func<long> monotonicMicroseconds)
    {
        var next = this with { Message = null };
        return e switch
        {
            Started started => (next with { Main = !started.IsReplacement }).Report(),
            WorkerConnected connected => (next with { Serving = Serving.Add(connected.Pid) }).Report(),
            WorkerKilled killed => (next with { Serving = Serving.Remove(killed.Pid) }).Report(),
            WorkerRemoved removed => (next with { Serving = Serving.Remove(removed.Pid) }).Report(),
            Restarting => next.OnRestarting(monotonicMicroseconds),
            RestartFailed failed => next.OnRestartFailed(failed.Reason),
            Closing closing => next.OnClosing(closing.State, hasSuccessor),
            _ => next,
        };
    }

    /// <summary>
    /// A replacement master's workers all serve, and it is about to signal the old master to leave: from now on it
    /// is the service's main process, and says so before the old master can exit.
    /// </summary>
    public NoticeState OnTookOver()
    {
        if (Main || Closing)
        {
            return this with { Message = null };
        }

        // The takeover is decided on every worker connected; this state may not have seen the last one yet.
        var status = Describe(Math.Max(Serving.Count, Workers));
        return this with
        {
            Main = true,
            Ready = true,
            Status = status,
            Message = $"MAINPID={Format(Pid)}\nREADY=1\nSTATUS={status}",
        };
    }

    private NoticeState Report()
    {
        if (!Main || Closing)
        {
            return this;
        }

        var status = Describe(Serving.Count);
        if (!Ready && Serving.Count >= Workers)
        {
            return this with { Ready = true, Status = status, Message = $"READY=1\nSTATUS={status}" };
        }

        return status == Status ? this : this with { Status = status, Message = $"STATUS={status}" };
    }

    private NoticeState OnRestarting(Func<long> monotonicMicroseconds)
    {
        if (!Main || Closing)
        {
            return this;
        }

        var reloading = this with { Reloading = true };
        var status = reloading.Describe(Serving.Count);
        return reloading with
        {
            Status = status,
            Message = $"RELOADING=1\nMONOTONIC_USEC={Format(monotonicMicroseconds())}\nSTATUS={status}",
        };
    }

    private NoticeState OnRestartFailed(string reason)
    {
        if (!Main || Closing)
        {
            return this;
        }

        // This master is still the main process: systemd learns that the reload is over, and why it failed.
        var status = $"restart failed: {reason.ReplaceLineEndings(" ")}; {Describe(Serving.Count, reloading: false)}";
        return this with
        {
            Reloading = false,
            Status = status,
            Message = (Reloading ? "READY=1\n" : string.Empty) + $"STATUS={status}",
        };
    }

    private NoticeState OnClosing(MasterState state, Func<bool> hasSuccessor)
    {
        if (Closing)
        {
            return this;
        }

        var closing = this with { Closing = true };
        if (!Main)
        {
            // A replacement that never took over: the old master still speaks for the service.
            return closing;
        }

        if (hasSuccessor())
        {
            // Handing over: the replacement is the main process already (it sent MAINPID=), and it is not stopping.
            return closing with { Main = false };
        }

        var status = state == MasterState.HardShutdown ? "shutting down (hard)" : "shutting down gracefully";
        return closing with { Status = status, Message = $"STOPPING=1\nSTATUS={status}" };
    }

    private string Describe(int serving) => Describe(serving, Reloading);

    private string Describe(int serving, bool reloading)
    {
        var pool = serving <= Workers
            ? $"{Format(serving)} of {Format(Workers)} workers serving"
            : $"{Format(serving)} workers serving";
        return reloading ? $"restarting: {pool}" : pool;
    }

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
