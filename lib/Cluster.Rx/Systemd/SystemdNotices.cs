using System.Reactive;
using System.Reactive.Linq;

namespace Cluster.Rx.Systemd;

/// <summary>
/// The notifications a master owes systemd (<c>Type=notify</c>), as an operator over its events:
/// <list type="bullet">
/// <item><c>READY=1</c> once <c>workers</c> workers serve, and <c>STATUS=</c> lines as the pool changes;</item>
/// <item>the old master of a restart: <c>RELOADING=1</c> with <c>MONOTONIC_USEC=</c> when it starts the replacement
/// (<see cref="Restarting"/>), and <c>READY=1</c> again with the reason when the restart fails (<see cref="RestartFailed"/>);</item>
/// <item>a replacement master: nothing until it takes over, then <c>MAINPID=</c> its pid and <c>READY=1</c> (on
/// <c>tookOver</c>, which fires before it signals the old master to leave);</item>
/// <item><c>STOPPING=1</c> when the master shuts down (<see cref="Closing"/>), except when it hands over to a
/// replacement (<c>hasSuccessor</c>, asked then).</item>
/// </list>
/// </summary>
internal static class SystemdNotices
{
    /// <summary>
    /// The operator: one notification (newline-separated assignments) per event that calls for one, synchronously on
    /// the thread that delivers the event. It completes when both <paramref name="events"/> and
    /// <paramref name="tookOver"/> have completed, and fails when either fails.
    /// </summary>
    /// <param name="events">The master's events.</param>
    /// <param name="tookOver">In a replacement master: fires when its workers all serve, just before it signals the old master.</param>
    /// <param name="workers">The number of workers the master starts with.</param>
    /// <param name="pid">This master's pid, for <c>MAINPID=</c>.</param>
    /// <param name="hasSuccessor">At <see cref="Closing"/>: true when a replacement master serves the socket now.</param>
    /// <param name="monotonicMicroseconds"><c>CLOCK_MONOTONIC</c> in µs, for <c>RELOADING=1</c>'s <c>MONOTONIC_USEC=</c>.</param>
    public static IObservable<string> Of(
        IObservable<ClusterEvent> events,
        IObservable<Unit> tookOver,
        int workers,
        int pid,
        Func<bool> hasSuccessor,
        Func<long> monotonicMicroseconds)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(tookOver);
        ArgumentOutOfRangeException.ThrowIfNegative(workers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        ArgumentNullException.ThrowIfNull(hasSuccessor);
        ArgumentNullException.ThrowIfNull(monotonicMicroseconds);

        // A null input stands for the takeover: the one input that is no event.
        return events.Select(e => (ClusterEvent?)e)
            .Merge(tookOver.Select(_ => (ClusterEvent?)null))
            .Scan(
                NoticeState.Initial(workers, pid),
                (state, e) => e is null ? state.OnTookOver() : state.On(e, hasSuccessor, monotonicMicroseconds))
            .Where(state => state.Message is not null)
            .Select(state => state.Message!);
    }
}
