using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs;

/// <summary>ToEventLines and ToDebugLines on hot event streams in virtual time: one line per event, as it comes, until the source ends.</summary>
public sealed class DebugLineSpecs : ReactiveTest
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly TestScheduler _scheduler = new();

    [Fact]
    public void ToDebugLines_ArgumentChecking()
    {
        Assert.Throws<ArgumentNullException>(() => ((IObservable<ClusterEvent>)null!).ToDebugLines());
        Assert.Throws<ArgumentNullException>(() => ((IObservable<ClusterEvent>)null!).ToEventLines());
    }

    [Fact]
    public void ToDebugLines_NoColors_LevelDashText_OnePerEvent_CompletesWithTheSource()
    {
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(150, new WorkerSpawned(Noon, new Worker(9, 9))),
            OnNext<ClusterEvent>(210, new WorkerSpawned(Noon, new Worker(0, 100))),
            OnNext<ClusterEvent>(220, new WorkerConnected(Noon, new Worker(1, 101))),
            OnNext<ClusterEvent>(230, new WorkerKilled(Noon, new Worker(2, 102), 137)),
            OnNext<ClusterEvent>(240, new WorkerException(Noon, new Worker(2, 102), "E", "boom", "")),
            OnCompleted<ClusterEvent>(300));

        var results = _scheduler.Start(() => events.ToDebugLines(colors: false));

        results.Messages.AssertEqual(
            OnNext(210, "info - worker 0 spawned"),
            OnNext(220, "info - worker 1 connected"),
            OnNext(230, "warning - worker 2 died"),
            OnNext(240, "error - worker 2 uncaught exception boom"),
            OnCompleted<string>(300));
        events.Subscriptions.AssertEqual(Subscribe(200, 300));
    }

    [Fact]
    public void ToDebugLines_Colors_OnlyTheLevelIsWrappedInAnsiCodes()
    {
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new Started(Noon, 1, "/s")),
            OnNext<ClusterEvent>(220, new WorkerConnected(Noon, new Worker(1, 101))),
            OnNext<ClusterEvent>(230, new Closing(Noon, MasterState.HardShutdown)),
            OnNext<ClusterEvent>(240, new RestartFailed(Noon, "gone", 5, null, null)));

        var results = _scheduler.Start(() => events.ToDebugLines(colors: true));

        results.Messages.AssertEqual(
            OnNext(210, "\u001b[90mdebug\u001b[0m - master started"),
            OnNext(220, "\u001b[36minfo\u001b[0m - worker 1 connected"),
            OnNext(230, "\u001b[33mwarning\u001b[0m - shutting down"),
            OnNext(240, "\u001b[31merror\u001b[0m - restart failed: gone"));
        events.Subscriptions.AssertEqual(Subscribe(200, 1000));
    }

    [Fact]
    public void ToEventLines_SourceFails_FailsWithTheSameError_AndUnsubscribes()
    {
        var error = new InvalidOperationException("events broke");
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new Closed(Noon, 0)),
            OnError<ClusterEvent>(250, error));

        var results = _scheduler.Start(() => events.ToEventLines());

        results.Messages.AssertEqual(
            OnNext(210, new EventLine(Noon, LineLevel.Info, "shutdown complete")),
            OnError<EventLine>(250, error));
        events.Subscriptions.AssertEqual(Subscribe(200, 250));
    }

    [Fact]
    public void ToDebugLines_DisposedEarly_UnsubscribesFromTheEvents()
    {
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new WorkerRemoved(Noon, new Worker(3, 103))),
            OnNext<ClusterEvent>(410, new WorkerRemoved(Noon, new Worker(4, 104))));

        var results = _scheduler.Start(() => events.ToDebugLines(), created: 100, subscribed: 200, disposed: 400);

        results.Messages.AssertEqual(OnNext(210, "info - worker 3 removed"));
        events.Subscriptions.AssertEqual(Subscribe(200, 400));
    }
}
