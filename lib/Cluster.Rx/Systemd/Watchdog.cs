using System.Reactive.Concurrency;
using System.Reactive.Linq;

namespace Cluster.Rx.Systemd;

/// <summary>
/// systemd's watchdog (<c>WatchdogSec=</c>): <c>WATCHDOG=1</c> every half of its timeout, as <c>sd_watchdog_enabled</c>'s
/// documentation advises. The pings run on the scheduler given — the master's event loop — so a loop that hangs stops
/// them, and systemd kills and restarts the service.
/// </summary>
internal static class Watchdog
{
    /// <summary>The message that feeds the watchdog.</summary>
    public const string Ping = "WATCHDOG=1";

    /// <summary>The operator: <see cref="Ping"/> every <paramref name="timeout"/> / 2 on <paramref name="scheduler"/>, from subscription on; it never completes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive.</exception>
    public static IObservable<string> Pings(TimeSpan timeout, IScheduler scheduler)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(scheduler);
        return Observable.Interval(timeout / 2, scheduler).Select(_ => Ping);
    }
}
