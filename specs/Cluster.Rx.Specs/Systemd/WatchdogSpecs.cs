using System.Reactive.Concurrency;
using Cluster.Rx.Systemd;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs.Systemd;

public sealed class WatchdogSpecs : ReactiveTest
{
    private readonly TestScheduler _scheduler = new();

    [Fact]
    public void Pings_ArgumentChecking()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Watchdog.Pings(TimeSpan.Zero, _scheduler));
        Assert.Throws<ArgumentOutOfRangeException>(() => Watchdog.Pings(TimeSpan.FromTicks(-1), _scheduler));
        Assert.Throws<ArgumentNullException>(() => Watchdog.Pings(TimeSpan.FromSeconds(1), null!));
    }

    [Fact]
    public void Pings_EveryHalfOfTheTimeout_OnTheSchedulerGiven_UntilDisposed()
    {
        var results = _scheduler.Start(() => Watchdog.Pings(TimeSpan.FromTicks(200), _scheduler), created: 100, subscribed: 200, disposed: 650);

        results.Messages.AssertEqual(
            OnNext(300, Watchdog.Ping),
            OnNext(400, Watchdog.Ping),
            OnNext(500, Watchdog.Ping),
            OnNext(600, Watchdog.Ping));
    }

    [Fact]
    public void Pings_AHungScheduler_StopsThem()
    {
        // The master's loop is stuck from 350 to 620 (one action that takes that long): no ping runs meanwhile.
        _scheduler.ScheduleAbsolute(350, () => _scheduler.Sleep(270));

        var results = _scheduler.Start(() => Watchdog.Pings(TimeSpan.FromTicks(200), _scheduler), created: 100, subscribed: 200, disposed: 750);

        Assert.Equal(OnNext(300, Watchdog.Ping), Assert.Single(results.Messages, m => m.Time < 620));
        Assert.Contains(results.Messages, m => m.Time >= 620);
    }
}
