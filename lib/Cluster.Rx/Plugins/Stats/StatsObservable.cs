using System.Reactive.Concurrency;
using System.Reactive.Linq;

namespace Cluster.Rx;

/// <summary>The operator of <see cref="Plugins.Stats"/>: a master's events and its workers' reports as statistics snapshots.</summary>
public static class StatsObservable
{
    /// <summary>
    /// As <see cref="ToStats(IObservable{ClusterEvent}, IObservable{PluginMessage{WorkerActivity}}, IScheduler)"/>,
    /// reports timestamped by <see cref="DefaultScheduler"/>'s clock.
    /// </summary>
    public static IObservable<ClusterStats> ToStats(this IObservable<ClusterEvent> events, IObservable<PluginMessage<WorkerActivity>> activity) =>
        ToStats(events, activity, DefaultScheduler.Instance);

    /// <summary>
    /// One <see cref="ClusterStats"/> snapshot after every event and every worker report: a <c>Scan</c> over both.
    /// The master's pid and start come from <see cref="Started"/>, its state from <see cref="Closing"/>; a worker is
    /// live from <see cref="WorkerSpawned"/> to <see cref="WorkerKilled"/> or <see cref="WorkerRemoved"/>, and its
    /// counts are the highest totals it reported (a stale or repeated report changes nothing); a
    /// <see cref="WorkerKilled"/> before <see cref="Closing"/> is a death. A worker's totals outlive it, so the
    /// cluster's totals never go down when a worker is replaced. Across a zero-downtime restart, the old master's
    /// start, deaths, restarts + 1 and totals are written into the <see cref="Restarting"/> snapshot (under
    /// <c>stats</c>, kept up to date until it is handed over) and added to the new master's at <see cref="Restarted"/>.
    /// A count (requests, connections) is null until a report, or the restart snapshot, carries it.
    /// </summary>
    /// <param name="events">A master's events, in order (<see cref="Master.Events"/>, <see cref="IPluginContext.Events"/>).</param>
    /// <param name="activity">The workers' reports (the <see cref="Plugins.Stats"/> channel's <see cref="IPluginChannel{T}.Received"/>).</param>
    /// <param name="scheduler">The clock that timestamps reports (an event carries its own timestamp).</param>
    /// <returns>
    /// As hot or cold as <paramref name="events"/>, each subscription with its own state (and one subscription to each
    /// source). Snapshots are emitted synchronously on the thread of the input that caused them, one at a time (the
    /// inputs are serialized); each is timestamped with its input's time. It completes when <paramref name="events"/>
    /// completes (reports after that are not read), and fails when either source fails.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IObservable<ClusterStats> ToStats(this IObservable<ClusterEvent> events, IObservable<PluginMessage<WorkerActivity>> activity, IScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(scheduler);
        return events.ToStatsStates(activity, scheduler, StatsState.Initial()).Select(state => state.Snapshot());
    }

    /// <summary>
    /// The statistics of the master <paramref name="context"/> belongs to, for a plugin of one's own:
    /// <see cref="ToStats(IObservable{ClusterEvent}, IObservable{PluginMessage{WorkerActivity}}, IScheduler)"/> over
    /// its events and the <see cref="Plugins.Stats"/> channel, on its scheduler. The workers report only when the
    /// master uses <see cref="Plugins.Stats"/> too (otherwise the snapshots follow the events alone); subscribe while
    /// the plugin attaches to see every worker from its spawn.
    /// </summary>
    /// <returns>Cold over hot sources: each subscription has its own state; on <see cref="IPluginContext.Scheduler"/>; completes when the master has closed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    public static IObservable<ClusterStats> Stats(this IPluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Events.ToStats(Activity(context).Received, context.Scheduler);
    }

    /// <summary>The channel the workers report on.</summary>
    internal static IPluginChannel<WorkerActivity> Activity(IPluginContext context) =>
        context.Channel(StatsDefaults.ActivityChannel, StatsJson.Default.WorkerActivity);

    /// <summary>The states behind the snapshots, from <paramref name="seed"/>.</summary>
    internal static IObservable<StatsState> ToStatsStates(
        this IObservable<ClusterEvent> events,
        IObservable<PluginMessage<WorkerActivity>> activity,
        IScheduler scheduler,
        StatsState seed) =>
        events.Publish(shared => Observable.Merge(
                shared.Select(e => new Func<StatsState, StatsState>(state => state.On(e))),
                activity.TakeUntil(shared.LastOrDefaultAsync()).Select(message => Received(message, scheduler.Now))))
            .Scan(seed, (state, apply) => apply(state));

    private static Func<StatsState, StatsState> Received(PluginMessage<WorkerActivity> message, DateTimeOffset at) =>
        state => state.On(message, at);
}
