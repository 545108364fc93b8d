using System.Collections.Immutable;

namespace Cluster.Rx;

/// <summary>
/// What <see cref="PidFileObservable.ToPidFileChanges"/> knows after each event: the master's pid and whether its
/// file is written, the live processes of each worker id (in spawn order: the last one holds the id's file), and the
/// changes the last event called for.
/// </summary>
internal sealed record PidFileState(
    bool Replacement,
    int? MasterPid,
    bool MasterWritten,
    bool TakeoverFailed,
    bool HandingOver,
    ImmutableDictionary<int, ImmutableList<int>> Live,
    ImmutableHashSet<int> ConnectedIds,
    int? LastExited,
    ImmutableList<PidFileChange> Changes)
{
    private const string Master = "master";

    public static PidFileState Initial { get; } =
        new(false, null, false, false, false, ImmutableDictionary<int, ImmutableList<int>>.Empty, [], null, []);

    public PidFileState On(ClusterEvent e)
    {
        var next = this with { Changes = [] };
        return e switch
        {
            Started started => started.IsReplacement
                ? next with { Replacement = true, MasterPid = started.MasterPid }
                : (next with { MasterPid = started.MasterPid }).WriteMaster(),
            WorkerSpawned spawned => next.OnSpawned(spawned.Id, spawned.Pid),
            WorkerConnected connected => next.OnConnected(connected.Id),
            WorkerKilled killed => next.OnExited(killed.Id, killed.Pid) with
            {
                TakeoverFailed = next.TakeoverFailed || (next.Replacement && !next.MasterWritten),
            },
            WorkerRemoved removed => next.OnExited(removed.Id, removed.Pid),
            Restarting => next with { HandingOver = true },
            RestartFailed failed when !next.IsWorker(failed.Pid) => next.OnRestartFailed(),
            Closing when next.Replacement && !next.MasterWritten => next with { TakeoverFailed = true },
            Restarted => next.WriteMaster(),
            Closed => next.OnClosed(),
            _ => next,
        };
    }

    private PidFileState WriteMaster() => MasterPid is int pid && !MasterWritten && !TakeoverFailed
        ? this with { MasterWritten = true, Changes = Changes.Add(PidFileChange.Write(Master, pid)) }
        : this;

    private PidFileState OnSpawned(int id, int pid) => this with
    {
        Live = Live.SetItem(id, Live.GetValueOrDefault(id, []).Add(pid)),
        Changes = Changes.Add(PidFileChange.Write(PidFileChange.WorkerName(id), pid)),
    };

    /// <summary>A replacement master has taken over once every worker it spawned has connected.</summary>
    private PidFileState OnConnected(int id)
    {
        if (!Replacement || MasterWritten || TakeoverFailed)
        {
            return this;
        }

        var connected = this with { ConnectedIds = ConnectedIds.Add(id) };
        return Live.Keys.All(connected.ConnectedIds.Contains) ? connected.WriteMaster() : connected;
    }

    private PidFileState OnExited(int id, int pid)
    {
        if (!Live.TryGetValue(id, out var pids) || !pids.Contains(pid))
        {
            return this with { LastExited = pid };
        }

        var left = pids.Remove(pid);
        var change = pids[^1] != pid ? null
            : left.IsEmpty ? PidFileChange.Remove(PidFileChange.WorkerName(id), pid)
            : PidFileChange.Write(PidFileChange.WorkerName(id), left[^1]);
        return this with
        {
            Live = left.IsEmpty ? Live.Remove(id) : Live.SetItem(id, left),
            LastExited = pid,
            Changes = change is null ? Changes : Changes.Add(change),
        };
    }

    /// <summary>A failed roll names a worker (the successor that just exited, or a live one); a failed restart, the replacement master.</summary>
    private bool IsWorker(int pid) => pid == 0 || pid == LastExited || Live.Values.Any(pids => pids.Contains(pid));

    /// <summary>
    /// The replacement failed and this master goes on: the failed one's workers removed the files they had taken
    /// over as they died, so each is written again, and so is <c>master</c>.
    /// </summary>
    private PidFileState OnRestartFailed()
    {
        var workers = Live.OrderBy(entry => entry.Key)
            .Select(entry => PidFileChange.Write(PidFileChange.WorkerName(entry.Key), entry.Value[^1]));
        var master = MasterWritten && MasterPid is int pid ? [PidFileChange.Write(Master, pid)] : Enumerable.Empty<PidFileChange>();
        return this with { HandingOver = false, Changes = [.. master, .. workers] };
    }

    private PidFileState OnClosed()
    {
        var changes = Live.OrderBy(entry => entry.Key)
            .Select(entry => PidFileChange.Remove(PidFileChange.WorkerName(entry.Key), entry.Value[^1]));
        if (MasterWritten && !HandingOver && MasterPid is int pid)
        {
            changes = changes.Prepend(PidFileChange.Remove(Master, pid));
        }

        return this with { Live = Live.Clear(), MasterWritten = false, Changes = [.. changes] };
    }
}
