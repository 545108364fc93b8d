using System.Collections.Immutable;

namespace Cluster.Rx.Supervision;

/// <summary>
/// The master's one table of workers: one <see cref="WorkerEntry"/> per live process (serving, successor, standby
/// or retiring) and the ids waiting to be respawned. The supervisor, the roll and the restart all read it. It is
/// changed on the master's event loop only; <see cref="Workers"/> and <see cref="Find"/> read immutable copies
/// and are safe on any thread. Every change costs O(log n) (the copies are updated, never rebuilt), so spawning
/// n workers stays O(n log n); the list of serving workers is built when it is read after a change.
/// </summary>
internal sealed class WorkerTable
{
    private readonly Dictionary<int, WorkerEntry> _byPid = [];
    private readonly Dictionary<int, IDisposable> _respawns = [];
    private readonly Dictionary<int, int> _holders = [];
    private volatile ImmutableDictionary<int, WorkerEntry> _published = ImmutableDictionary<int, WorkerEntry>.Empty;
    private volatile ImmutableSortedDictionary<int, WorkerEntry> _serving = ImmutableSortedDictionary<int, WorkerEntry>.Empty;
    private volatile ServingList _list = new(ImmutableSortedDictionary<int, WorkerEntry>.Empty, []);

    /// <summary>The serving workers, by id (a copy, safe on any thread).</summary>
    public IReadOnlyList<Worker> Workers
    {
        get
        {
            var serving = _serving;
            var list = _list;
            if (list.Source != serving)
            {
                list = new ServingList(serving, ImmutableArray.CreateRange(serving.Values.Select(e => e.Worker)));
                _list = list;
            }

            return list.Workers;
        }
    }

    /// <summary>Every live process.</summary>
    public IEnumerable<WorkerEntry> All => _byPid.Values;

    public int Count => _byPid.Count;

    /// <summary>The serving processes that have connected.</summary>
    public int Connected => _serving.Values.Count(e => e.ConnectedAt is not null);

    public void Add(WorkerEntry entry)
    {
        _byPid.Add(entry.Pid, entry);
        _published = _published.SetItem(entry.Pid, entry);
        Enter(entry);
    }

    /// <summary>Removes <paramref name="entry"/> (it has exited) and disposes its resources; false when it was not here.</summary>
    public bool Remove(WorkerEntry entry)
    {
        if (!_byPid.Remove(entry.Pid))
        {
            return false;
        }

        entry.Resources.Dispose();
        _published = _published.Remove(entry.Pid);
        Leave(entry);
        return true;
    }

    public void SetRole(WorkerEntry entry, WorkerRole role)
    {
        if (!_byPid.ContainsKey(entry.Pid))
        {
            entry.Role = role;
            return;
        }

        Leave(entry);
        entry.Role = role;
        Enter(entry);
    }

    /// <summary>Standby <paramref name="entry"/> takes <paramref name="id"/> in <paramref name="role"/> (serving, or successor of that id).</summary>
    public void Promote(WorkerEntry entry, int id, WorkerRole role)
    {
        Leave(entry);
        entry.Worker = new Worker(id, entry.Pid);
        entry.Role = role;
        entry.Promoting = true;
        Enter(entry);
    }

    /// <summary>A standby that has connected and may be promoted now (not one of an older program), if any.</summary>
    public WorkerEntry? ReadyStandby() => _byPid.Values
        .Where(e => e.Role == WorkerRole.Standby && e.Phase == WorkerPhase.Connected && !e.Stale)
        .MinBy(e => e.ConnectedAt);

    /// <summary>The standbys, connected or not, stopping ones excepted.</summary>
    public IEnumerable<WorkerEntry> Standbys => _byPid.Values.Where(e => e.Role == WorkerRole.Standby && e.Phase != WorkerPhase.Stopping);

    /// <summary>The worker that process <paramref name="pid"/> is now (a standby's changes when promoted); safe on any thread.</summary>
    public Worker? WorkerOf(int pid) => _published.TryGetValue(pid, out var entry) ? entry.Worker : null;

    public WorkerEntry? ByPid(int pid) => _byPid.GetValueOrDefault(pid);

    /// <summary>The process that holds <paramref name="id"/>.</summary>
    public WorkerEntry? Serving(int id) => _serving.GetValueOrDefault(id);

    /// <summary>The process started to take <paramref name="id"/> over.</summary>
    public WorkerEntry? Successor(int id) => _byPid.Values.FirstOrDefault(e => e.Id == id && e.Role == WorkerRole.Successor);

    /// <summary>The ids held by a serving process, ascending.</summary>
    public IEnumerable<int> ServingIds => _serving.Keys;

    /// <summary>The process with <paramref name="pid"/> that the master started as worker <paramref name="id"/>; safe on any thread.</summary>
    public IWorkerProcess? Find(int id, int pid) =>
        _published.TryGetValue(pid, out var entry) && entry.Id == id ? entry.Process : null;

    /// <summary>Holds <paramref name="id"/> for a respawn that <paramref name="timer"/> will make.</summary>
    public void Reserve(int id, IDisposable timer) => _respawns[id] = timer;

    /// <summary>What holds <paramref name="id"/> for a respawn, or null.</summary>
    public IDisposable? Reservation(int id) => _respawns.GetValueOrDefault(id);

    /// <summary>Frees <paramref name="id"/>; its timer is cancelled when <paramref name="cancel"/>.</summary>
    public bool Release(int id, bool cancel = true)
    {
        if (!_respawns.Remove(id, out var timer))
        {
            return false;
        }

        if (cancel)
        {
            timer.Dispose();
        }

        return true;
    }

    /// <summary>The ids waiting to be respawned, ascending.</summary>
    public IEnumerable<int> Reserved => _respawns.Keys.Order();

    /// <summary>True when <paramref name="id"/> is held by a serving process or its successor, or by a respawn.</summary>
    public bool IsTaken(int id) => _respawns.ContainsKey(id) || _holders.ContainsKey(id);

    /// <summary>True when a process other than a retiring one uses <paramref name="id"/>, a standby's own included.</summary>
    public bool IsUsed(int id) => IsTaken(id) || _byPid.Values.Any(e => e.Id == id && e.Role == WorkerRole.Standby);

    /// <summary>The lowest id that <see cref="IsTaken"/> says is free.</summary>
    public int FirstFreeId()
    {
        var id = 0;
        while (IsTaken(id))
        {
            id++;
        }

        return id;
    }

    /// <summary>Counts <paramref name="entry"/> in the indexes of its role (it is in the table).</summary>
    private void Enter(WorkerEntry entry)
    {
        if (entry.Role is WorkerRole.Serving or WorkerRole.Successor)
        {
            _holders[entry.Id] = _holders.GetValueOrDefault(entry.Id) + 1;
        }

        if (entry.Role == WorkerRole.Serving)
        {
            // A successor becomes serving before its predecessor retires: the id then names the successor.
            _serving = _serving.SetItem(entry.Id, entry);
        }
    }

    /// <summary>Takes <paramref name="entry"/> out of the indexes of its role.</summary>
    private void Leave(WorkerEntry entry)
    {
        if (entry.Role is WorkerRole.Serving or WorkerRole.Successor && _holders.TryGetValue(entry.Id, out var holders))
        {
            if (holders <= 1)
            {
                _holders.Remove(entry.Id);
            }
            else
            {
                _holders[entry.Id] = holders - 1;
            }
        }

        if (entry.Role == WorkerRole.Serving && _serving.TryGetValue(entry.Id, out var serving) && serving == entry)
        {
            _serving = _serving.Remove(entry.Id);
        }
    }

    /// <summary>The serving workers as a list, and the index it was built from.</summary>
    private sealed record ServingList(ImmutableSortedDictionary<int, WorkerEntry> Source, IReadOnlyList<Worker> Workers);
}
