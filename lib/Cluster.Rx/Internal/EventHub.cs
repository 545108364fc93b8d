using System.Reactive.Linq;
using System.Reactive.Subjects;

namespace Cluster.Rx.Internal;

/// <summary>
/// Where the master's events go: first to the master's own machinery (<see cref="Machinery"/>), then to every
/// subscriber, each isolated from the others (see <see cref="Broadcast{T}"/>). Published from the master's event
/// loop only, so emissions never overlap.
/// </summary>
internal sealed class EventHub(ClusterLog log)
{
    private readonly Subject<ClusterEvent> _machinery = new();
    private readonly Broadcast<ClusterEvent> _subscribers = new(log);

    /// <summary>Every event, for the master's own parts, ahead of any subscriber; not isolated (a throw there is the master's own bug).</summary>
    public IObservable<ClusterEvent> Machinery => _machinery.AsObservable();

    /// <summary>The events of type <typeparamref name="T"/>, for subscribers; each subscription is isolated from the others.</summary>
    public IObservable<T> Stream<T>(string name)
        where T : ClusterEvent =>
        _subscribers.Stream<T>(name);

    public void Publish(ClusterEvent e)
    {
        _machinery.OnNext(e);
        _subscribers.Publish(e);
    }

    /// <summary>Completes every stream (after <see cref="Closed"/>).</summary>
    public void Complete()
    {
        _machinery.OnCompleted();
        _subscribers.Complete();
    }
}
