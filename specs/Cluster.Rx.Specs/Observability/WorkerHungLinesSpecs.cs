using System.Reactive.Linq;
using Cluster.Rx.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs.Observability;

/// <summary>A hung worker in every place the master's events become text or numbers: lifecycle log, event and debug lines, meter.</summary>
public sealed class WorkerHungLinesSpecs : ReactiveTest
{
    private static readonly Worker Zero = new(0, 4242);

    private readonly TestScheduler _scheduler = new();

    [Fact]
    public void LifecycleLine_IsAWarning215_WithTheSilenceInSeconds()
    {
        var line = LifecycleLog.From(new WorkerHung(Time(0), Zero, TimeSpan.FromMilliseconds(3210)), closing: false)!;

        Assert.Equal((LogLevel.Warning, 215, "WorkerHung"), (line.Event.Level, line.Event.Id.Id, line.Event.Id.Name));
        Assert.Equal("worker 0 (pid 4242) hung: no heartbeat for 3.2 s; killed", line.Text);
    }

    [Fact]
    public void EventAndDebugLines_SayHungWithPidAndSilence()
    {
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new WorkerHung(Time(210), Zero, TimeSpan.FromMilliseconds(3210))),
            OnNext<ClusterEvent>(220, new WorkerKilled(Time(220), Zero, 137)));

        var results = _scheduler.Start(() => events.ToDebugLines());

        results.Messages.AssertEqual(
            OnNext(210, "warning - worker 0 (pid 4242) hung: silent for 3.2 s, killed"),
            OnNext(220, "warning - worker 0 died"));
        events.Subscriptions.AssertEqual(Subscribe(200, 1000));
    }

    [Fact]
    public void Meter_AHungWorkersDeath_HasCauseHung_AndTheNextDeathOfThatIdItsOwnCause()
    {
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new WorkerConnected(Time(210), Zero)),
            OnNext<ClusterEvent>(220, new WorkerHung(Time(220), Zero, TimeSpan.FromSeconds(5))),
            OnNext<ClusterEvent>(230, new WorkerKilled(Time(230), Zero, 137)),
            OnNext<ClusterEvent>(240, new WorkerConnected(Time(240), new Worker(0, 4243))),
            OnNext<ClusterEvent>(250, new WorkerKilled(Time(250), new Worker(0, 4243), 137)),
            OnCompleted<ClusterEvent>(300));
        var stats = _scheduler.CreateHotObservable<ClusterStats>(OnCompleted<ClusterStats>(300));

        var results = _scheduler.Start(() => events.Readings(stats));

        var initial = MeterReading.Initial;
        results.Messages.AssertEqual(
            OnNext(210, initial with { Workers = 1 }),
            OnNext(230, initial with { Workers = 0, HungDeaths = 1 }),
            OnNext(240, initial with { Workers = 1, HungDeaths = 1 }),
            OnNext(250, initial with { Workers = 0, HungDeaths = 1, SignalDeaths = 1 }),
            OnCompleted<MeterReading>(300));
    }

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);
}
