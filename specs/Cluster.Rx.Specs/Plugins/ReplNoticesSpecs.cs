using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs;

public sealed class ReplNoticesSpecs : ReactiveTest
{
    private readonly TestScheduler _scheduler = new();

    [Fact]
    public void ToReplNotices_ArgumentChecking() => Assert.Throws<ArgumentNullException>(() => ReplNotices.ToReplNotices(null!));

    [Fact]
    public void ToReplNotices_RestartingThenClosing_TellsEach_AndEndsWithTheEvents()
    {
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new Started(Time(210), 10, "/run/ipc")),
            OnNext<ClusterEvent>(220, new WorkerSpawned(Time(220), new Worker(0, 100))),
            OnNext<ClusterEvent>(300, new Restarting(Time(300), [])),
            OnNext<ClusterEvent>(400, new Closing(Time(400), MasterState.GracefulShutdown)),
            OnNext<ClusterEvent>(420, new Closed(Time(420), 0)),
            OnCompleted<ClusterEvent>(430));

        var results = _scheduler.Start(() => events.ToReplNotices());

        results.Messages.AssertEqual(
            OnNext(300, "restarting - closing connection soon"),
            OnNext(400, "the master is shutting down - closing connection soon"),
            OnCompleted<string>(430));
        events.Subscriptions.AssertEqual(Subscribe(200, 430));
    }

    [Fact]
    public void ToReplNotices_DisposedEarly_Unsubscribes()
    {
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(300, new Restarting(Time(300), [])),
            OnNext<ClusterEvent>(600, new Closing(Time(600), MasterState.HardShutdown)));

        var results = _scheduler.Start(() => events.ToReplNotices(), disposed: 500);

        results.Messages.AssertEqual(OnNext(300, "restarting - closing connection soon"));
        events.Subscriptions.AssertEqual(Subscribe(200, 500));
    }

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);
}
