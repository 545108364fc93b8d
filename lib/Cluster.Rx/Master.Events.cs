namespace Cluster.Rx;

/// <content>The master's event streams.</content>
/// <remarks>
/// Every stream is hot: it shows what happens after you subscribe, so subscribe before <see cref="RunAsync"/>
/// to see everything. Events arrive one at a time on <see cref="Scheduler"/>, in the order they happened, and
/// every stream completes after <see cref="Closed"/>. The streams are the master's: a worker publishes none.
/// A subscriber that throws is reported on stderr with the stream's name and unsubscribed (an observer that throws
/// is done, as everywhere in Rx); it costs neither the cluster nor any other subscriber an event.
/// </remarks>
public sealed partial class Master
{
    /// <summary>Every event, as one stream of <see cref="ClusterEvent"/> records (for LINQ); hot, completes after <see cref="Closed"/>.</summary>
    public IObservable<ClusterEvent> Events => _hub.Stream<ClusterEvent>(nameof(Events));

    /// <summary>The IPC channel is ready (the first event).</summary>
    public IObservable<Started> Started => _hub.Stream<Started>(nameof(Started));

    /// <summary>A worker process was started.</summary>
    public IObservable<WorkerSpawned> WorkerSpawned => _hub.Stream<WorkerSpawned>(nameof(WorkerSpawned));

    /// <summary>A worker connected and serves.</summary>
    public IObservable<WorkerConnected> WorkerConnected => _hub.Stream<WorkerConnected>(nameof(WorkerConnected));

    /// <summary>The master listens on the shared socket (with the bound address).</summary>
    public IObservable<Listening> Listening => _hub.Stream<Listening>(nameof(Listening));

    /// <summary>The master begins to shut down.</summary>
    public IObservable<Closing> Closing => _hub.Stream<Closing>(nameof(Closing));

    /// <summary>The master has shut down (the last event).</summary>
    public IObservable<Closed> Closed => _hub.Stream<Closed>(nameof(Closed));

    /// <summary>A worker died.</summary>
    public IObservable<WorkerKilled> WorkerKilled => _hub.Stream<WorkerKilled>(nameof(WorkerKilled));

    /// <summary>A worker reported an unhandled exception before dying.</summary>
    public IObservable<WorkerException> WorkerException => _hub.Stream<WorkerException>(nameof(WorkerException));

    /// <summary>A signal is being sent to every worker.</summary>
    public IObservable<Killing> Killing => _hub.Stream<Killing>(nameof(Killing));

    /// <summary>A worker removed with <see cref="Remove"/> has exited.</summary>
    public IObservable<WorkerRemoved> WorkerRemoved => _hub.Stream<WorkerRemoved>(nameof(WorkerRemoved));

    /// <summary>A worker ran out of time to shut down gracefully.</summary>
    public IObservable<WorkerTimeout> WorkerTimeout => _hub.Stream<WorkerTimeout>(nameof(WorkerTimeout));

    /// <summary>A worker shutting down gracefully waits for its open connections.</summary>
    public IObservable<WorkerWaiting> WorkerWaiting => _hub.Stream<WorkerWaiting>(nameof(WorkerWaiting));

    /// <summary>A restart asked for too soon after start-up is put off.</summary>
    public IObservable<CyclicRestart> CyclicRestart => _hub.Stream<CyclicRestart>(nameof(CyclicRestart));

    /// <summary>The master is about to hand over to a replacement: patch the snapshot to carry state over.</summary>
    public IObservable<Restarting> Restarting => _hub.Stream<Restarting>(nameof(Restarting));

    /// <summary>In a replacement master, once the previous master has gone: the snapshot it carried over.</summary>
    public IObservable<Restarted> Restarted => _hub.Stream<Restarted>(nameof(Restarted));

    /// <summary>In the master that asked for a restart: the replacement master or a new worker failed; this master goes on serving.</summary>
    public IObservable<RestartFailed> RestartFailed => _hub.Stream<RestartFailed>(nameof(RestartFailed));

    /// <summary>A serving worker went silent for the <c>heartbeat timeout</c>: it is killed and replaced.</summary>
    public IObservable<WorkerHung> WorkerHung => _hub.Stream<WorkerHung>(nameof(WorkerHung));
    /// <summary>
    /// A worker past <c>max requests</c> or <c>max memory</c> is about to be replaced, successor first (see
    /// <see cref="Cluster.Rx.WorkerRecycled"/>).
    /// </summary>
    public IObservable<WorkerRecycled> WorkerRecycled => _hub.Stream<WorkerRecycled>(nameof(WorkerRecycled));

    private void Publish(ClusterEvent e) => _hub.Publish(e);
}
