using System.Reactive.Linq;
using System.Reactive.Subjects;

namespace Cluster.Rx.Internal;

/// <summary>
/// Where the master's events go: first to the master's own machinery (<see cref="Machinery"/>), then to every
/// subscriber, each on its own: a subscriber that throws is logged with the stream's name and unsubscribed (an
/// observer that throws is done, as everywhere in Rx), and costs no other subscriber — nor the machinery — an
/// event. Published from the master's event loop only, so emissions never overlap.
/// </summary>
internal sealed class EventHub(ClusterLog log)
{
    private readonly Subject<ClusterEvent> _machinery = new();
    private readonly Subject<ClusterEvent> _subscribers = new();

    /// <summary>Every event, for the master's own parts, ahead of any subscriber; not isolated (a throw there is the master's own bug).</summary>
    public IObservable<ClusterEvent> Machinery => _machinery.AsObservable();

    /// <summary>The events of type <typeparamref name="T"/>, for subscribers; each subscription is isolated from the others.</summary>
    public IObservable<T> Stream<T>(string name)
        where T : ClusterEvent =>
        Observable.Create<T>(observer => _subscribers.OfType<T>().Subscribe(
            e => Deliver(name, () => observer.OnNext(e)),
            error => Deliver(name, () => observer.OnError(error)),
            () => Deliver(name, observer.OnCompleted)));

    public void Publish(ClusterEvent e)
    {
        _machinery.OnNext(e);
        _subscribers.OnNext(e);
    }

    /// <summary>Completes every stream (after <see cref="Closed"/>).</summary>
    public void Complete()
    {
        _machinery.OnCompleted();
        _subscribers.OnCompleted();
    }

    private void Deliver(string name, Action deliver)
    {
        try
        {
            deliver();
        }
        catch (Exception e)
        {
            log.Error($"a subscriber to {name} threw {e.GetType().Name}: {e.Message}; it is unsubscribed; the other subscribers and the cluster go on{Environment.NewLine}{e.StackTrace}");
        }
    }
}
