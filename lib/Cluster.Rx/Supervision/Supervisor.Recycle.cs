using System.Globalization;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using Cluster.Rx.Internal;
using Cluster.Rx.Interop;
using Cluster.Rx.Settings;

namespace Cluster.Rx.Supervision;

/// <content>
/// Recycling workers past a limit (<c>max requests</c>, reported by the worker; <c>max memory</c>, checked here
/// every <see cref="ClusterDefaults.MemoryCheckInterval"/>). A recycle is a roll of one id: <see cref="WorkerRecycled"/>,
/// then the successor through the roll's own <see cref="RollNext"/> and <see cref="TakeOver"/>, so the old worker is
/// stopped gracefully only once the new one has connected. One roll at a time: a worker due while a roll (or another
/// recycle) is under way waits for it to end (a roll usually replaces it, which ends its request); a roll asked for
/// during a recycle starts once the recycle ends. A successor that fails leaves the old worker serving
/// (<see cref="RestartFailed"/>) and the worker is recycled again after 1 s, 2 s, 4 s, … up to
/// <see cref="ClusterDefaults.MaxRecycleRetryDelay"/>: the request is kept until the worker is replaced or gone,
/// never dropped, never retried at once.
/// </content>
internal sealed partial class Supervisor
{
    private readonly Dictionary<WorkerEntry, RecycleRequest> _recycles = [];
    private readonly Dictionary<int, int> _recycleFailures = [];
    private readonly SerialDisposable _recycleTimer = new();
    private readonly SerialDisposable _memoryTimer = new();
    private readonly long _maxMemory;
    private Recycling? _recycling;

    /// <summary>Reads a worker's resident memory in bytes by pid (null when it cannot); a seam for specs.</summary>
    public Func<int, long?> ReadResidentBytes { get; init; } = ResidentMemory.Of;

    /// <summary>Worker <paramref name="id"/> (pid <paramref name="pid"/>) asks to be recycled: it has served <paramref name="requests"/> requests, its limit being <paramref name="limit"/>.</summary>
    public void RecycleRequested(int id, int pid, long requests, long limit) => Post(() =>
    {
        if (Table.ByPid(pid) is { } entry && entry.Id == id)
        {
            RequestRecycle(entry, RecycleReason.MaxRequests, string.Create(CultureInfo.InvariantCulture, $"{requests} requests (limit {limit})"));
        }
    });

    /// <summary>Called once when the master starts its workers: the memory checks begin when <c>max memory</c> is set.</summary>
    private void StartMemoryChecks()
    {
        if (_maxMemory > 0)
        {
            _memoryTimer.Disposable = _scheduler.Schedule(ClusterDefaults.MemoryCheckInterval, CheckMemory);
        }
    }

    private void CheckMemory()
    {
        if (State != MasterState.Active)
        {
            return;
        }

        foreach (var entry in Table.All.Where(e => IsRecyclable(e) && !_recycles.ContainsKey(e)).ToList())
        {
            if (ReadResidentBytes(entry.Pid) is long resident && resident > _maxMemory)
            {
                RequestRecycle(entry, RecycleReason.MaxMemory, string.Create(CultureInfo.InvariantCulture, $"RSS {Mib(resident)} MiB over 'max memory' {Mib(_maxMemory)} MiB"));
            }
        }

        _memoryTimer.Disposable = _scheduler.Schedule(ClusterDefaults.MemoryCheckInterval, CheckMemory);
    }

    private void RequestRecycle(WorkerEntry entry, RecycleReason reason, string detail)
    {
        if (State != MasterState.Active || !IsRecyclable(entry) || _recycles.ContainsKey(entry))
        {
            return;
        }

        _recycles[entry] = new RecycleRequest(reason, detail, _scheduler.Now);
        if (_roll is not null && _recycling is null)
        {
            _log.Write(LogEvents.RecycleDeferred, entry.Id, entry.Pid, detail);
        }

        RecycleNext();
    }

    /// <summary>Starts the next recycle that is due, unless a roll is under way (it calls again when it ends); or waits for the first that will be.</summary>
    private void RecycleNext()
    {
        _recycleTimer.Disposable = null;
        if (State != MasterState.Active)
        {
            _recycles.Clear();
            return;
        }

        foreach (var gone in _recycles.Keys.Where(e => !IsRecyclable(e)).ToList())
        {
            _recycles.Remove(gone);
        }

        if (_roll is not null || _recycles.Count == 0)
        {
            return;
        }

        var (entry, request) = _recycles.OrderBy(r => r.Value.NotBefore).ThenBy(r => r.Key.Id).First();
        var wait = request.NotBefore - _scheduler.Now;
        if (wait > TimeSpan.Zero)
        {
            _recycleTimer.Disposable = _scheduler.Schedule(wait, RecycleNext);
            return;
        }

        Publish(new WorkerRecycled(_scheduler.Now, entry.Worker, request.Reason, request.Detail));
        _roll = new WorkerRoll([entry.Id], Signal.SIGQUIT);
        _recycling = new Recycling(_roll, entry);
        RollNext();
    }

    /// <summary>From <see cref="FailRoll"/>, before it forgets the roll: true when that roll is a recycle, which then says itself why it failed (<see cref="EndRecycle"/>).</summary>
    private bool RecycleFailed(string reason)
    {
        if (_recycling is not { } recycling || !ReferenceEquals(recycling.Roll, _roll))
        {
            return false;
        }

        recycling.Failure = reason;
        return true;
    }

    /// <summary>A roll has ended: if it was a recycle that failed and its worker still serves, the worker is recycled again after a backoff.</summary>
    private void EndRecycle()
    {
        if (_recycling is not { } recycling || _roll is not null)
        {
            return;
        }

        _recycling = null;
        var entry = recycling.Worker;
        if (recycling.Failure is not { } failure)
        {
            _recycleFailures.Remove(entry.Id);
            _recycles.Remove(entry);
            return;
        }

        if (!IsRecyclable(entry) || !_recycles.TryGetValue(entry, out var request))
        {
            _recycles.Remove(entry);
            _log.Write(LogEvents.RecycleFailedRespawn, entry.Id, failure);
            return;
        }

        var failures = _recycleFailures[entry.Id] = _recycleFailures.GetValueOrDefault(entry.Id) + 1;
        var delay = RecycleRetryDelay(failures);
        _recycles[entry] = request with { NotBefore = _scheduler.Now + delay };
        _log.Write(LogEvents.RecycleFailed, entry.Id, entry.Pid, failure, delay.TotalMilliseconds);
    }

    /// <summary>The wait after <paramref name="failures"/> failed recycles in a row of one id: 1 s, 2 s, 4 s, … up to the cap.</summary>
    private static TimeSpan RecycleRetryDelay(int failures)
    {
        var delay = ClusterDefaults.FirstRecycleRetryDelay * Math.Pow(2, Math.Min(failures - 1, 20));
        return delay < ClusterDefaults.MaxRecycleRetryDelay ? delay : ClusterDefaults.MaxRecycleRetryDelay;
    }

    /// <summary>A live worker that serves, connected and not stopping: the only kind that is recycled.</summary>
    private bool IsRecyclable(WorkerEntry entry) =>
        entry.Role == WorkerRole.Serving && entry.Phase == WorkerPhase.Connected && ReferenceEquals(Table.ByPid(entry.Pid), entry);

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture);
}
