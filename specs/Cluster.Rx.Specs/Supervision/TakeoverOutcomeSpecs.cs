using Cluster.Rx.Supervision;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs.Supervision;

/// <summary>
/// The replacement master's decision, on hot event streams in virtual time: it signals the old master only when
/// every worker has connected, and stops watching (the subscription ends) as soon as it has decided.
/// </summary>
public sealed class TakeoverOutcomeSpecs : ReactiveTest
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly TestScheduler _scheduler = new();

    [Fact]
    public void Of_ArgumentChecking()
    {
        Assert.Throws<ArgumentNullException>(() => TakeoverOutcome.Of(null!, 1, ReadyTimeout, _scheduler));
        Assert.Throws<ArgumentOutOfRangeException>(() => TakeoverOutcome.Of(_scheduler.CreateHotObservable<ClusterEvent>(), -1, ReadyTimeout, _scheduler));
        Assert.Throws<ArgumentNullException>(() => TakeoverOutcome.Of(_scheduler.CreateHotObservable<ClusterEvent>(), 1, ReadyTimeout, null!));
    }

    [Fact]
    public void Of_EveryWorkerConnects_IsReadyAtTheLastConnection_AndUnsubscribes()
    {
        var events = _scheduler.CreateHotObservable(
            Next(210, new WorkerSpawned(At(210), W(0))),
            Next(220, new WorkerSpawned(At(220), W(1))),
            Next(300, new WorkerConnected(At(300), W(0))),
            Next(350, new WorkerConnected(At(350), W(0))), // the same id twice counts once
            Next(400, new WorkerConnected(At(400), W(1))),
            Next(500, new WorkerKilled(At(500), W(1), 137)));

        var results = _scheduler.Start(() => TakeoverOutcome.Of(events, 2, ReadyTimeout, _scheduler));

        results.Messages.AssertEqual(
            OnNext(400, TakeoverOutcome.Ready),
            OnCompleted<TakeoverOutcome>(400));
        events.Subscriptions.AssertEqual(Subscribe(200, 400));
    }

    [Fact]
    public void Of_AWorkerDiesFirst_FailsWithItsLastException_AndNeverReportsReady()
    {
        var exception = new WorkerException(At(290), W(1), "System.InvalidOperationException", "broken build", "at Main");
        var events = _scheduler.CreateHotObservable(
            Next(300, new WorkerConnected(At(300), W(0))),
            Next(290, exception),
            Next(310, new WorkerKilled(At(310), W(1), 134)),
            Next(400, new WorkerConnected(At(400), W(1))));

        var results = _scheduler.Start(() => TakeoverOutcome.Of(events, 2, ReadyTimeout, _scheduler));

        results.Messages.AssertEqual(
            OnNext(310, new TakeoverOutcome("its worker 1 (pid 101) exited with code 134 before all its workers were ready", exception)),
            OnCompleted<TakeoverOutcome>(310));
        events.Subscriptions.AssertEqual(Subscribe(200, 310));
    }

    [Fact]
    public void Of_EventsCompleteBeforeEveryWorkerConnected_FailsInsteadOfReportingReady()
    {
        var events = _scheduler.CreateHotObservable(
            Next(300, new WorkerConnected(At(300), W(0))),
            OnCompleted<ClusterEvent>(400));

        var results = _scheduler.Start(() => TakeoverOutcome.Of(events, 2, ReadyTimeout, _scheduler));

        results.Messages.AssertEqual(
            OnNext(400, new TakeoverOutcome("the new master closed before its workers were ready", null)),
            OnCompleted<TakeoverOutcome>(400));
        events.Subscriptions.AssertEqual(Subscribe(200, 400));
    }

    [Fact]
    public void Of_TheMasterStartsClosing_Fails()
    {
        var events = _scheduler.CreateHotObservable(
            Next(300, new Closing(At(300), MasterState.GracefulShutdown)),
            Next(400, new WorkerConnected(At(400), W(0))));

        var results = _scheduler.Start(() => TakeoverOutcome.Of(events, 1, ReadyTimeout, _scheduler));

        Assert.False(results.Messages[0].Value.Value.IsReady);
        Assert.Equal(300, results.Messages[0].Time);
        events.Subscriptions.AssertEqual(Subscribe(200, 300));
    }

    [Fact]
    public void Of_NotEveryWorkerReadyWithinTheReadyTimeout_Fails()
    {
        var timeout = TimeSpan.FromTicks(500);
        var events = _scheduler.CreateHotObservable(
            Next(300, new WorkerConnected(At(300), W(0))),
            Next(800, new WorkerConnected(At(800), W(1))));

        var results = _scheduler.Start(() => TakeoverOutcome.Of(events, 2, timeout, _scheduler));

        results.Messages.AssertEqual(
            OnNext(700, new TakeoverOutcome("its workers were not all ready within the 'ready timeout' of 0.05 ms", null)),
            OnCompleted<TakeoverOutcome>(700));
        events.Subscriptions.AssertEqual(Subscribe(200, 700));
    }

    [Fact]
    public void Of_NoWorkers_IsReadyAtOnce()
    {
        var events = _scheduler.CreateHotObservable<ClusterEvent>();

        var results = _scheduler.Start(() => TakeoverOutcome.Of(events, 0, ReadyTimeout, _scheduler));

        results.Messages.AssertEqual(OnNext(200, TakeoverOutcome.Ready), OnCompleted<TakeoverOutcome>(200));
    }

    private static Recorded<System.Reactive.Notification<ClusterEvent>> Next(long ticks, ClusterEvent e) => OnNext(ticks, e);

    private static Worker W(int id) => new(id, 100 + id);

    private static DateTimeOffset At(long ticks) => new(ticks, TimeSpan.Zero);
}
