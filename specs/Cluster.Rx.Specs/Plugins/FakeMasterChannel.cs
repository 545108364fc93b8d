using System.Reactive.Linq;

namespace Cluster.Rx.Specs;

/// <summary>
/// A worker's channel to the master without a master: what it receives is whatever a spec sets (a hot observable on
/// a <c>TestScheduler</c>), and what the plugin sends is recorded in <see cref="Sent"/>, with the scheduler's clock.
/// </summary>
internal sealed class FakeMasterChannel<T>(Func<long> clock) : IMasterChannel<T>
{
    public IObservable<T> Received { get; set; } = Observable.Never<T>();

    /// <summary>What the plugin sent, at the virtual tick it sent it.</summary>
    public List<(long Tick, T Message)> Sent { get; } = [];

    public bool Send(T message)
    {
        Sent.Add((clock(), message));
        return true;
    }
}
