using System.Reactive;
using Cluster.Rx.Internal;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs.Internal;

/// <summary>
/// The hand-written streams of <see cref="Broadcast{T}"/> keep the contract <c>Observable.Create</c> and <c>OfType</c>
/// gave them: values by type and in order, a subscription that ends with its disposal, its terminal message or its
/// observer's throw, and a completed broadcast completing late subscribers at once.
/// </summary>
public sealed class BroadcastSpecs : ReactiveTest
{
    private readonly TestScheduler _scheduler = new();
    private readonly StringWriter _log = new();

    [Fact]
    public void Stream_OfAType_GetsTheValuesOfThatType_InOrder_ThenTheCompletion()
    {
        var sut = new Broadcast<object>(new ClusterLog(_log));
        var strings = _scheduler.CreateObserver<string>();
        var all = _scheduler.CreateObserver<object>();
        using var a = sut.Stream<string>("strings").Subscribe(strings);
        using var b = sut.Stream("all").Subscribe(all);

        sut.Publish("one");
        sut.Publish(2);
        sut.Publish("three");
        sut.Complete();

        strings.Messages.AssertEqual(OnNext(0, "one"), OnNext(0, "three"), OnCompleted<string>(0));
        all.Messages.AssertEqual(OnNext<object>(0, "one"), OnNext<object>(0, 2), OnNext<object>(0, "three"), OnCompleted<object>(0));
    }

    [Fact]
    public void Subscription_Disposed_GetsNothingMore_AndLetsGoOfTheBroadcast()
    {
        var sut = new Broadcast<int>(new ClusterLog(_log));
        var seen = new List<int>();
        var subscription = sut.Stream("ints").Subscribe(seen.Add);

        sut.Publish(1);
        subscription.Dispose();
        sut.Publish(2);

        Assert.Equal([1], seen);
        Assert.False(sut.HasObservers);
    }

    [Fact]
    public void Observer_ThatThrows_IsLoggedAndUnsubscribed_TheOthersGetEveryValueAndTheError()
    {
        var sut = new Broadcast<int>(new ClusterLog(_log));
        var thrown = 0;
        var other = _scheduler.CreateObserver<int>();
        using var thrower = sut.Stream("ints").Subscribe(_ => throw new InvalidOperationException($"bug {++thrown}"));
        using var fine = sut.Stream("ints").Subscribe(other);

        sut.Publish(1);
        sut.Publish(2);
        sut.Complete();

        Assert.Equal(1, thrown);
        other.Messages.AssertEqual(OnNext(0, 1), OnNext(0, 2), OnCompleted<int>(0));
        Assert.Contains("a subscriber to ints threw InvalidOperationException: bug 1; it is unsubscribed", _log.ToString());
    }

    [Fact]
    public void Observer_ThatThrowsOnCompletion_IsLogged_AndTheOthersComplete()
    {
        var sut = new Broadcast<int>(new ClusterLog(_log));
        var other = _scheduler.CreateObserver<int>();
        using var thrower = sut.Stream("ints").Subscribe(_ => { }, () => throw new InvalidOperationException("bug at the end"));
        using var fine = sut.Stream("ints").Subscribe(other);

        sut.Complete();

        other.Messages.AssertEqual(OnCompleted<int>(0));
        Assert.Contains("threw InvalidOperationException: bug at the end", _log.ToString());
    }

    [Fact]
    public void Subscribe_AfterTheBroadcastCompleted_CompletesAtOnce()
    {
        var sut = new Broadcast<int>(new ClusterLog(_log));
        sut.Complete();
        var late = _scheduler.CreateObserver<int>();

        using var subscription = sut.Stream("ints").Subscribe(late);

        Assert.Equal([NotificationKind.OnCompleted], late.Messages.Select(m => m.Value.Kind));
        Assert.False(sut.HasObservers);
    }

    [Fact]
    public void Subscribe_NullObserver_Throws()
    {
        var sut = new Broadcast<int>(new ClusterLog(_log));

        Assert.Throws<ArgumentNullException>(() => sut.Stream("ints").Subscribe(null!));
    }
}
