using System.Reactive.Disposables;
using System.Reactive.Subjects;

namespace Cluster.Rx.Internal;

/// <summary>
/// A hot stream whose subscribers are isolated from each other: one that throws is logged with the stream's name
/// and unsubscribed (an observer that throws is done, as everywhere in Rx), and costs no other subscriber a value.
/// The publisher keeps emissions from overlapping (one loop, or a lock).
/// </summary>
/// <remarks>
/// The streams are written by hand rather than with <c>Observable.Create</c> and <c>OfType</c>: the first use of
/// System.Reactive's <c>Observable</c> in a process loads its whole query language, ~11 ms under the JIT, and a
/// worker, which runs the program's subscriptions to the master's events too, would pay it before its first answer
/// (bench/README.md).
/// </remarks>
internal sealed class Broadcast<T>(ClusterLog log)
{
    private readonly Subject<T> _subject = new();

    public bool HasObservers => _subject.HasObservers;

    /// <summary>The values, for one subscriber each; <paramref name="name"/> names the stream in the log.</summary>
    public IObservable<T> Stream(string name) => Stream<T>(name);

    /// <summary>The values of type <typeparamref name="TValue"/>, for one subscriber each; <paramref name="name"/> names the stream in the log.</summary>
    public IObservable<TValue> Stream<TValue>(string name) => new Isolated<TValue>(this, name);

    public void Publish(T value) => _subject.OnNext(value);

    public void Complete() => _subject.OnCompleted();

    private void SubscriberThrew(string name, Exception e) =>
        log.Write(LogEvents.SubscriberThrew, name, e.GetType().Name, e.Message, e.StackTrace);

    private sealed class Isolated<TValue>(Broadcast<T> owner, string name) : IObservable<TValue>
    {
        public IDisposable Subscribe(IObserver<TValue> observer)
        {
            ArgumentNullException.ThrowIfNull(observer);
            var delivery = new Delivery<TValue>(owner, name, observer);
            delivery.Attach(owner._subject.Subscribe(delivery));
            return delivery;
        }
    }

    /// <summary>One subscriber's end: lets go of the subject after a terminal message, a throw, or its disposal.</summary>
    private sealed class Delivery<TValue>(Broadcast<T> owner, string name, IObserver<TValue> observer) : IObserver<T>, IDisposable
    {
        private readonly SingleAssignmentDisposable _subscription = new();
        private int _done;

        public void Attach(IDisposable subscription) => _subscription.Disposable = subscription;

        public void OnNext(T value)
        {
            if ((value is TValue || value is null) && Volatile.Read(ref _done) == 0)
            {
                Deliver(static (observer, value) => observer.OnNext((TValue)(object?)value!), value);
            }
        }

        public void OnError(Exception error)
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Deliver(static (observer, error) => observer.OnError(error), error);
                _subscription.Dispose();
            }
        }

        public void OnCompleted()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Deliver(static (observer, _) => observer.OnCompleted(), (object?)null);
                _subscription.Dispose();
            }
        }

        public void Dispose()
        {
            Volatile.Write(ref _done, 1);
            _subscription.Dispose();
        }

        private void Deliver<TState>(Action<IObserver<TValue>, TState> deliver, TState state)
        {
            try
            {
                deliver(observer, state);
            }
            catch (Exception e)
            {
                Dispose();
                owner.SubscriberThrew(name, e);
            }
        }
    }
}
