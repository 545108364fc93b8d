using System.Reactive.Linq;

namespace Cluster.Rx;

/// <content>The master's event streams.</content>
/// <remarks>
/// Every stream is hot: it shows what happens after you subscribe, so subscribe before <see cref="RunAsync"/>
/// to see everything. Events arrive one at a time on <see cref="Scheduler"/>, in the order they happened, and
/// every stream completes after <see cref="Closed"/>. The streams are the master's: a worker publishes none.
/// A subscriber that throws is reported on stderr and does not stop the cluster or the other subscribers' events.
/// </remarks>
public sealed partial class Master
{
    /// <summary>Every event, as one stream of <see cref="ClusterEvent"/> records (for LINQ); hot, completes after <see cref="Closed"/>.</summary>
    public IObservable<ClusterEvent> Events => _events.AsObservable();

    /// <summary>The IPC channel is ready (the first event).</summary>
    public IObservable<Started> Started => Of<Started>();

    /// <summary>A worker process was started.</summary>
    public IObservable<WorkerSpawned> WorkerSpawned => Of<WorkerSpawned>();

    /// <summary>A worker connected and serves.</summary>
    public IObservable<WorkerConnected> WorkerConnected => Of<WorkerConnected>();

    /// <summary>The master listens on the shared socket (with the bound address).</summary>
    public IObservable<Listening> Listening => Of<Listening>();

    /// <summary>The master begins to shut down.</summary>
    public IObservable<Closing> Closing => Of<Closing>();

    /// <summary>The master has shut down (the last event).</summary>
    public IObservable<Closed> Closed => Of<Closed>();

    /// <summary>A worker died.</summary>
    public IObservable<WorkerKilled> WorkerKilled => Of<WorkerKilled>();

    /// <summary>A worker reported an unhandled exception before dying.</summary>
    public IObservable<WorkerException> WorkerException => Of<WorkerException>();

    /// <summary>A signal is being sent to every worker.</summary>
    public IObservable<Killing> Killing => Of<Killing>();

    /// <summary>A worker removed with <see cref="Remove"/> has exited.</summary>
    public IObservable<WorkerRemoved> WorkerRemoved => Of<WorkerRemoved>();

    /// <summary>A worker ran out of time to shut down gracefully.</summary>
    public IObservable<WorkerTimeout> WorkerTimeout => Of<WorkerTimeout>();

    /// <summary>A worker shutting down gracefully waits for its open connections.</summary>
    public IObservable<WorkerWaiting> WorkerWaiting => Of<WorkerWaiting>();

    /// <summary>A restart asked for too soon after start-up is put off.</summary>
    public IObservable<CyclicRestart> CyclicRestart => Of<CyclicRestart>();

    /// <summary>The master is about to hand over to a replacement: patch the snapshot to carry state over.</summary>
    public IObservable<Restarting> Restarting => Of<Restarting>();

    /// <summary>In a replacement master, once the previous master has gone: the snapshot it carried over.</summary>
    public IObservable<Restarted> Restarted => Of<Restarted>();

    private IObservable<T> Of<T>()
        where T : ClusterEvent => _events.OfType<T>();

    private void Publish(ClusterEvent e)
    {
        try
        {
            _events.OnNext(e);
        }
        catch (Exception error)
        {
            _log.Error($"a subscriber to {e.GetType().Name} threw {error.GetType().Name}: {error.Message}");
        }
    }
}
