using System.Reactive.Linq;
using System.Reactive.Subjects;

namespace Cluster.Rx.Internal;

/// <summary>
/// A hot stream whose subscribers are isolated from each other: one that throws is logged with the stream's name
/// and unsubscribed (an observer that throws is done, as everywhere in Rx), and costs no other subscriber a value.
/// The publisher keeps emissions from overlapping (one loop, or a lock).
/// </summary>
internal sealed class Broadcast<T>(ClusterLog log)
{
    private readonly Subject<T> _subject = new();

    public bool HasObservers => _subject.HasObservers;

    /// <summary>The values, for one subscriber each; <paramref name="name"/> names the stream in the log.</summary>
    public IObservable<T> Stream(string name) =>
        Observable.Create<T>(observer => _subject.Subscribe(
            value => Deliver(name, () => observer.OnNext(value)),
            error => Deliver(name, () => observer.OnError(error)),
            () => Deliver(name, observer.OnCompleted)));

    public void Publish(T value) => _subject.OnNext(value);

    public void Complete() => _subject.OnCompleted();

    private void Deliver(string name, Action deliver)
    {
        try
        {
            deliver();
        }
        catch (Exception e)
        {
            log.Write(LogEvents.SubscriberThrew, name, e.GetType().Name, e.Message, e.StackTrace);
        }
    }
}
