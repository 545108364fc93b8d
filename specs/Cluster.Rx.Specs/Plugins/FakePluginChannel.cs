using System.Reactive.Linq;

namespace Cluster.Rx.Specs;

/// <summary>
/// A plugin channel without workers: what it receives is whatever a spec sets (a hot observable on a
/// <c>TestScheduler</c>), and what the plugin sends is recorded in <see cref="Sent"/>.
/// </summary>
internal sealed class FakePluginChannel<T> : IPluginChannel<T>
{
    public IObservable<PluginMessage<T>> Received { get; set; } = Observable.Never<PluginMessage<T>>();

    /// <summary>What the plugin sent: to a worker id, or to every worker (null).</summary>
    public List<(int? WorkerId, T Message)> Sent { get; } = [];

    /// <summary>The worker ids <see cref="Send"/> reaches; others answer false.</summary>
    public HashSet<int> Connected { get; } = [];

    public bool Send(int workerId, T message)
    {
        if (!Connected.Contains(workerId))
        {
            return false;
        }

        Sent.Add((workerId, message));
        return true;
    }

    public void Broadcast(T message) => Sent.Add((null, message));
}
