using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Cluster.Rx;

/// <summary>
/// What <see cref="StatsObservable.ToStats(IObservable{ClusterEvent}, IObservable{PluginMessage{WorkerActivity}}, System.Reactive.Concurrency.IScheduler)"/>
/// knows after each input: the master's pid, start, state, deaths and restarts; each live worker process (by pid,
/// since a successor shares its id) with its highest totals; the totals of the workers that have exited (and of the
/// masters before a restart), so the cluster's totals never go down; and the restart snapshot being handed over.
/// </summary>
internal sealed partial record StatsState(
    DateTimeOffset Time,
    int? MasterPid,
    DateTimeOffset? Started,
    MasterState State,
    int Deaths,
    int Restarts,
    bool CountsConnections,
    bool CountsRequests,
    long GoneConnections,
    long GoneRequests,
    ImmutableDictionary<int, WorkerTally> Live,
    JsonObject? HandOver)
{
    private static readonly string Os = RuntimeInformation.OSDescription;

    /// <summary>Nothing seen yet; the counts shown from the start (before any report) when asked for.</summary>
    public static StatsState Initial(bool connections = false, bool requests = false) =>
        new(DateTimeOffset.MinValue, null, null, MasterState.Active, 0, 0, connections, requests, 0, 0, ImmutableDictionary<int, WorkerTally>.Empty, null);

    /// <summary>Requests done by every worker, gone or live.</summary>
    public long TotalRequests => GoneRequests + Live.Values.Sum(w => w.Requests ?? 0);

    /// <summary>Connections accepted by every worker, gone or live.</summary>
    public long TotalConnections => GoneConnections + Live.Values.Sum(w => w.Opened ?? 0);

    public StatsState On(ClusterEvent e) => (e switch
    {
        Started started => this with { MasterPid = started.MasterPid, Started = Started ?? started.Timestamp },
        WorkerSpawned spawned when !Live.ContainsKey(spawned.Pid) =>
            this with { Live = Live.Add(spawned.Pid, WorkerTally.Spawned(spawned.Worker, spawned.Timestamp)) },
        WorkerKilled killed => Exit(killed.Worker) with { Deaths = State == MasterState.Active ? Deaths + 1 : Deaths },
        WorkerRemoved removed => Exit(removed.Worker),
        Closing closing => this with { State = closing.State },
        Restarting restarting => this with { HandOver = restarting.Snapshot },
        Restarted restarted => Carry(restarted.Snapshot),
        _ => this,
    } with { Time = e.Timestamp }).Patch();

    /// <summary>A worker's report, received at <paramref name="now"/>; a worker not seen spawned is taken as spawned now.</summary>
    public StatsState On(PluginMessage<WorkerActivity> message, DateTimeOffset now)
    {
        var pid = message.From.Pid;
        var tally = Live.GetValueOrDefault(pid) ?? WorkerTally.Spawned(message.From, now);
        return (this with
        {
            Time = now,
            Live = Live.SetItem(pid, tally.With(message.Message)),
            CountsConnections = CountsConnections || message.Message.ConnectionsOpened is not null,
            CountsRequests = CountsRequests || message.Message.Requests is not null,
        }).Patch();
    }

    /// <summary>True when each of <paramref name="pids"/> has answered pull <paramref name="pull"/> or has exited.</summary>
    public bool HasAnswered(IEnumerable<int> pids, long pull) =>
        pids.All(pid => !Live.TryGetValue(pid, out var tally) || tally.Answered >= pull);

    /// <summary>The snapshot at <see cref="Time"/>.</summary>
    public ClusterStats Snapshot() => Snapshot(Time);

    /// <summary>The snapshot at <paramref name="now"/> (uptimes to then).</summary>
    public ClusterStats Snapshot(DateTimeOffset now)
    {
        var master = new MasterStats(
            MasterPid,
            Os,
            State,
            Started,
            now - Started,
            Live.Count,
            Deaths,
            Restarts,
            CountsRequests ? TotalRequests : null,
            CountsConnections ? Live.Values.Sum(w => w.Active ?? 0) : null,
            CountsConnections ? TotalConnections : null);
        var workers = Live.Values
            .OrderBy(w => w.Worker.Id)
            .ThenBy(w => w.Started)
            .ThenBy(w => w.Worker.Pid)
            .Select(w => w.ToStats(now, CountsConnections, CountsRequests))
            .ToList();
        return new ClusterStats(now, master, workers);
    }

    /// <summary>The worker has exited: its last totals go to the gone workers' (its final report came before its exit).</summary>
    private StatsState Exit(Worker worker) => Live.TryGetValue(worker.Pid, out var tally)
        ? this with
        {
            Live = Live.Remove(worker.Pid),
            GoneConnections = GoneConnections + (tally.Opened ?? 0),
            GoneRequests = GoneRequests + (tally.Requests ?? 0),
        }
        : this;
}
