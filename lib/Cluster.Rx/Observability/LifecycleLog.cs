using System.Reactive.Linq;
using Cluster.Rx.Internal;

namespace Cluster.Rx.Observability;

/// <summary>
/// The master's lifecycle as log lines (<see cref="LogEvents"/> 200–216), for an <see cref="Microsoft.Extensions.Logging.ILogger"/>:
/// listening, workers started, serving, hung, died (a warning unless the master is shutting down), removed, recycled, restarts,
/// closing and closed. A restart that failed is not among them: the master logs it itself, with its reason (events
/// 313, 314, 407, 408; 325, 326 for a recycle).
/// </summary>
internal static class LifecycleLog
{
    /// <summary>
    /// The line of each event that has one: a <c>Scan</c> that remembers whether <see cref="Closing"/> has been seen
    /// (a worker that exits after it is no death), then <see cref="From"/>. As hot or cold as <paramref name="events"/>;
    /// synchronous; completes and fails with it.
    /// </summary>
    public static IObservable<LogLine> Lines(this IObservable<ClusterEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return events
            .Scan((Closing: false, Line: (LogLine?)null), (state, e) => (state.Closing || e is Closing, From(e, state.Closing)))
            .Where(state => state.Line is not null)
            .Select(state => state.Line!);
    }

    /// <summary>The line of <paramref name="e"/>, or null when it has none; <paramref name="closing"/> once the master shuts down.</summary>
    public static LogLine? From(ClusterEvent e, bool closing) => e switch
    {
        Started started => LogEvents.MasterStarted.With(started.MasterPid, started.SocketPath),
        Listening listening => LogEvents.Listening.With(listening.EndPoint),
        WorkerSpawned spawned => LogEvents.WorkerStarted.With(spawned.Id, spawned.Pid),
        WorkerConnected connected => LogEvents.WorkerServing.With(connected.Id, connected.Pid),
        WorkerKilled killed when closing => LogEvents.WorkerExited.With(killed.Id, killed.Pid, killed.ExitCode),
        WorkerKilled { ExitCode: > 128 } killed => LogEvents.WorkerKilledBySignal.With(killed.Id, killed.Pid, SignalName(killed.ExitCode - 128), killed.ExitCode),
        WorkerKilled killed => LogEvents.WorkerDied.With(killed.Id, killed.Pid, killed.ExitCode),
        WorkerRemoved removed => LogEvents.WorkerRemoved.With(removed.Id, removed.Pid),
        WorkerException exception => LogEvents.WorkerFailed.With(exception.Id, exception.Pid, exception.Type, exception.Message),
        WorkerTimeout timeout => LogEvents.WorkerStopTimedOut.With(timeout.Id, timeout.Pid),
        WorkerHung hung => LogEvents.WorkerHung.With(hung.Id, hung.Pid, hung.Silence.TotalSeconds),
        WorkerRecycled recycled => LogEvents.WorkerRecycled.With(recycled.Id, recycled.Pid, recycled.Reason, recycled.Detail),
        Killing killing => LogEvents.KillingWorkers.With(killing.Signal),
        Restarting => LogEvents.Restarting.With(),
        Restarted restarted => LogEvents.Restarted.With(restarted.PreviousMasterPid),
        Closing closingEvent => LogEvents.Closing.With(closingEvent.State == MasterState.HardShutdown ? "hard" : "graceful"),
        Closed closed => LogEvents.Closed.With(closed.ExitCode),
        _ => null,
    };

    private static string SignalName(int number) =>
        Enum.IsDefined((Signal)number) ? ((Signal)number).ToString() : $"signal {number}";
}
