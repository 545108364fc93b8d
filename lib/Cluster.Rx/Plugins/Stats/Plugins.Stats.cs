namespace Cluster.Rx;

/// <content>The Stats plugin.</content>
public static partial class Plugins
{
    /// <summary>
    /// Statistics of the cluster: the master (os, state, started, uptime, workers, deaths, restarts), the machine's
    /// resources (load average, cores, memory at boot and now) and each worker (id, pid, uptime, and when asked for,
    /// connections active|total and requests). Each worker counts in process and reports its totals to the master
    /// over the plugin channel <c>stats</c> 250 ms after they change (never a message per request; nothing, and no
    /// timer, when idle) and once more as it stops. The logic is <see cref="StatsObservable.ToStats(IObservable{ClusterEvent}, IObservable{PluginMessage{WorkerActivity}}, System.Reactive.Concurrency.IScheduler)"/>;
    /// a plugin of one's own gets the same snapshots from <see cref="StatsObservable.Stats"/>. Totals are carried
    /// across zero-downtime restarts (in the restart snapshot, under <c>stats</c>).
    /// </summary>
    /// <param name="connections">Count connections: active and total, per worker and for the cluster.</param>
    /// <param name="requests">Count requests, per worker and for the cluster.</param>
    /// <remarks>
    /// The plugin defines the command <c>stats</c> (<see cref="IPluginContext.Commands"/>, the REPL's
    /// <c>stats()</c>): it asks every serving worker for its totals, waits until each has answered (1 s at most,
    /// then it answers with what it has and names the workers that did not answer) and answers as text (sections
    /// <c>Master</c>, <c>Resources</c>, <c>Workers</c> of <c>key: value</c> rows) and as JSON (<c>master</c>,
    /// <c>resources</c>, <c>workers</c>; camelCase; a count not asked for left out). A command named <c>stats</c>
    /// defined already stops the master before any worker starts, with an error naming the plugin.
    /// </remarks>
    public static Plugin Stats(bool connections = false, bool requests = false) =>
        Plugin.Create("stats", context => StatsPlugin.Attach(context, ProcResources.Instance, StatsDefaults.PullTimeout, connections, requests))
            .InWorkers(context => StatsReporter.Start(context, connections, requests, StatsDefaults.Interval));
}
