using System.Reactive.Linq;

namespace Cluster.Rx;

/// <summary>The operator of <see cref="Plugins.PidFiles"/>: the master's events as changes to its pid files.</summary>
public static class PidFileObservable
{
    /// <summary>
    /// The pid file changes that <paramref name="events"/> (a master's <see cref="Master.Events"/>) call for:
    /// <c>master</c> written at <see cref="Started"/>; <c>worker.N</c> written at each <see cref="WorkerSpawned"/>
    /// (a successor or a replacement rewrites its id's file), and at a worker's exit
    /// (<see cref="WorkerKilled"/>, <see cref="WorkerRemoved"/>) given back to the id's other live process or removed;
    /// after <see cref="Closed"/>, whatever is left removed — but not <c>master</c> when this master handed over to a
    /// replacement (<see cref="Restarting"/> with no <see cref="RestartFailed"/> of the replacement after it). A
    /// removal applies only while the file still holds that pid, so a replacement's files are never removed by the
    /// master it replaced.
    /// </summary>
    /// <param name="events">A master's events, in order.</param>
    /// <remarks>
    /// A master started by a zero-downtime restart (<see cref="Started.IsReplacement"/>) writes <c>master</c> only once
    /// it has taken over, that is when every worker it has spawned has connected (the moment it tells the old master to
    /// drain), or at <see cref="Restarted"/> if that comes first; a takeover that fails (a worker dies first, or the
    /// master closes) never writes it.
    /// </remarks>
    /// <returns>
    /// As hot or cold as <paramref name="events"/>; each subscription keeps its own state. Changes are emitted
    /// synchronously on the thread of the event that calls for them, in order; it completes or fails when
    /// <paramref name="events"/> does.
    /// </returns>
    public static IObservable<PidFileChange> ToPidFileChanges(this IObservable<ClusterEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return events
            .Scan(PidFileState.Initial, (state, e) => state.On(e))
            .SelectMany(state => state.Changes);
    }
}
