using Cluster.Rx.Internal;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs.Internal;

/// <summary>Every subscriber gets every event, whatever another one throws; the machinery sees each event first.</summary>
public sealed class EventHubSpecs : ReactiveTest
{
    private readonly TestScheduler _scheduler = new();
    private readonly StringWriter _log = new();

    [Fact]
    public void Publish_ASubscriberThrows_EveryOtherSubscriberGetsEveryEvent_AndTheThrowerIsLoggedAndUnsubscribed()
    {
        var sut = new EventHub(new ClusterLog(_log));
        var first = _scheduler.CreateObserver<WorkerConnected>();
        var all = _scheduler.CreateObserver<ClusterEvent>();
        var machinery = new List<ClusterEvent>();
        var thrown = 0;
        using var thrower = sut.Stream<WorkerConnected>("WorkerConnected").Subscribe(_ => throw new InvalidOperationException($"subscriber bug {++thrown}"));
        using var a = sut.Stream<WorkerConnected>("WorkerConnected").Subscribe(first);
        using var b = sut.Stream<ClusterEvent>("Events").Subscribe(all);
        using var c = sut.Machinery.Subscribe(machinery.Add);

        sut.Publish(new WorkerConnected(At(1), new Worker(0, 100)));
        sut.Publish(new WorkerConnected(At(2), new Worker(1, 101)));
        sut.Complete();

        Assert.Equal(2, first.Messages.Count(m => m.Value.HasValue));
        Assert.Equal(2, all.Messages.Count(m => m.Value.HasValue));
        Assert.Equal(2, machinery.Count);
        Assert.Single(first.Messages, m => m.Value.Kind == System.Reactive.NotificationKind.OnCompleted);
        Assert.Equal(1, thrown); // an observer that throws is done, as everywhere in Rx
        Assert.Contains("a subscriber to WorkerConnected threw InvalidOperationException: subscriber bug 1; it is unsubscribed", _log.ToString());
    }

    [Fact]
    public void Publish_ASubscriberToEventsThrows_TheMachineryAndTypedStreamsStillSeeIt()
    {
        var sut = new EventHub(new ClusterLog(_log));
        var closing = _scheduler.CreateObserver<Closing>();
        using var thrower = sut.Stream<ClusterEvent>("Events").Subscribe(_ => throw new InvalidOperationException("boom"));
        using var typed = sut.Stream<Closing>("Closing").Subscribe(closing);
        var cancelled = false;
        using var machinery = sut.Machinery.Subscribe(e => cancelled |= e is Closing);

        sut.Publish(new Closing(At(1), MasterState.GracefulShutdown));

        Assert.True(cancelled);
        Assert.Single(closing.Messages);
        Assert.Contains("a subscriber to Events threw InvalidOperationException: boom", _log.ToString());
    }

    private static DateTimeOffset At(long ticks) => new(ticks, TimeSpan.Zero);
}
