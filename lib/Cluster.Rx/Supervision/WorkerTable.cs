using System.Collections.Immutable;

namespace Cluster.Rx.Supervision;

/// <summary>
/// The master's one table of workers: one <see cref="WorkerEntry"/> per live process (serving, successor or
/// retiring) and the ids waiting to be respawned. The supervisor, the roll and the restart all read it. It is
/// changed on the master's event loop only; <see cref="Workers"/> and <see cref="Find"/> read immutable copies
/// and are safe on any thread.
/// </summary>
internal sealed class WorkerTable
{
    private readonly Dictionary<int, WorkerEntry> _byPid = [];
    private readonly Dictionary<int, IDisposable> _respawns = [];
    private volatile ImmutableDictionary<int, WorkerEntry> _published = ImmutableDictionary<int, WorkerEntry>.Empty;
    private ImmutableArray<Worker> _workers = [];

    /// <summary>The serving workers, by id (a copy, safe on any thread).</summary>
    public IReadOnlyList<Worker> Workers => _workers;

    /// <summary>Every live process.</summary>
    public IEnumerable<WorkerEntry> All => _byPid.Values;

    public int Count => _byPid.Count;

    /// <summary>The serving processes that have connected.</summary>
    public int Connected => _byPid.Values.Count(e => e.Role == WorkerRole.Serving && e.ConnectedAt is not null);

    public void Add(WorkerEntry entry)
    {
        _byPid.Add(entry.Pid, entry);
        Changed();
    }

    /// <summary>Removes <paramref name="entry"/> (it has exited) and disposes its resources; false when it was not here.</summary>
    public bool Remove(WorkerEntry entry)
    {
        if (!_byPid.Remove(entry.Pid))
        {
            return false;
        }

        entry.Resources.Dispose();
        Changed();
        return true;
    }

    public void SetRole(WorkerEntry entry, WorkerRole role)
    {
        entry.Role = role;
        Changed();
    }

    /// <summary>Standby <paramref name="entry"/> takes <paramref name="id"/> in <paramref name="role"/> (serving, or successor of that id).</summary>
    public void Promote(WorkerEntry entry, int id, WorkerRole role)
    {
        entry.Worker = new Worker(id, entry.Pid);
        entry.Role = role;
        entry.Promoting = true;
        Changed();
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
    public WorkerEntry? Serving(int id) => _byPid.Values.FirstOrDefault(e => e.Id == id && e.Role == WorkerRole.Serving);

    /// <summary>The process started to take <paramref name="id"/> over.</summary>
    public WorkerEntry? Successor(int id) => _byPid.Values.FirstOrDefault(e => e.Id == id && e.Role == WorkerRole.Successor);

    /// <summary>The ids held by a serving process, ascending.</summary>
    public IEnumerable<int> ServingIds => _byPid.Values.Where(e => e.Role == WorkerRole.Serving).Select(e => e.Id).Order();

    /// <summary>The process with <paramref name="pid"/> that the master started as worker <paramref name="id"/>; safe on any thread.</summary>
    public IWorkerProcess? Find(int id, int pid) =>
        _published.TryGetValue(pid, out var entry) && entry.Id == id ? entry.Process : null;

    /// <summary>Holds <paramref name="id"/> for a respawn that <paramref name="timer"/> will make.</summary>
    public void Reserve(int id, IDisposable timer) => _respawns[id] = timer;

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
    public bool IsTaken(int id) =>
        _respawns.ContainsKey(id) || _byPid.Values.Any(e => e.Id == id && e.Role is WorkerRole.Serving or WorkerRole.Successor);

    /// <summary>True when a process other than a retiring one uses <paramref name="id"/>, a standby's own included.</summary>
    public bool IsUsed(int id) => IsTaken(id) || _byPid.Values.Any(e => e.Id == id && e.Role == WorkerRole.Standby);

    private void Changed()
    {
        _published = _byPid.ToImmutableDictionary();
        _workers = [.. _byPid.Values.Where(e => e.Role == WorkerRole.Serving).Select(e => e.Worker).OrderBy(w => w.Id)];
    }
}
