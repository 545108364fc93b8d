using System.Collections.Immutable;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using Cluster.Rx.Internal;

namespace Cluster.Rx.Supervision;

/// <summary>
/// The master's state machine: keeps the number of workers, replaces the dead, shuts down hard or gracefully.
/// Every input is scheduled onto one scheduler, so state changes and events never overlap and every timer
/// runs in that scheduler's time (virtual time in specs).
/// </summary>
internal sealed class Supervisor
{
    /// <summary>How much longer than <c>timeout</c> the master waits for a graceful worker before it kills it.</summary>
    public static readonly TimeSpan GracefulBackstop = TimeSpan.FromSeconds(2);

    /// <summary>How long a hard shutdown waits for killed workers to be reaped.</summary>
    public static readonly TimeSpan HardBackstop = TimeSpan.FromSeconds(5);

    private readonly IScheduler _scheduler;
    private readonly IWorkerLauncher _launcher;
    private readonly Action<ClusterEvent> _publish;
    private readonly ClusterLog _log;
    private readonly TimeSpan _timeout;
    private readonly CrashLoopGuard _guard = new();
    private readonly Dictionary<int, WorkerSlot> _live = [];
    private readonly Dictionary<int, IDisposable> _pendingRespawns = [];
    private readonly Dictionary<int, WorkerSlot> _retiring = [];
    private readonly SerialDisposable _backstop = new();
    private readonly TaskCompletionSource<int> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ImmutableArray<Worker> _workers = [];
    private int _target;
    private int _exitCode;
    private bool _started;
    private WorkerRoll? _roll;

    public Supervisor(int workers, TimeSpan timeout, IScheduler scheduler, IWorkerLauncher launcher, Action<ClusterEvent> publish, ClusterLog log)
    {
        _target = workers;
        _timeout = timeout;
        _scheduler = scheduler;
        _launcher = launcher;
        _publish = publish;
        _log = log;
    }

    public MasterState State { get; private set; } = MasterState.Active;

    /// <summary>The live workers, by id; a snapshot safe to read from any thread.</summary>
    public IReadOnlyList<Worker> Workers => _workers;

    /// <summary>The exit code, once the master has closed.</summary>
    public Task<int> Completion => _completion.Task;

    public void Start() => Post(() =>
    {
        _started = true;
        for (var id = 0; id < _target; id++)
        {
            SpawnWorker(id);
        }

        if (_target == 0)
        {
            _log.Warning("the cluster has 0 workers; use Spawn(n) to add some");
        }
    });

    public void Spawn(int count) => Post(() =>
    {
        if (State != MasterState.Active)
        {
            return;
        }

        var add = Math.Min(count, Settings.ClusterSettings.MaxWorkers - _target);
        _target += add;
        if (!_started)
        {
            return;
        }

        for (var i = 0; i < add; i++)
        {
            SpawnWorker(NextFreeId());
        }
    });

    public void Remove(int count) => Post(() =>
    {
        if (State != MasterState.Active)
        {
            return;
        }

        var remove = Math.Min(count, _target);
        _target -= remove;
        foreach (var id in _pendingRespawns.Keys.OrderDescending().Take(remove).ToList())
        {
            _pendingRespawns.Remove(id, out var pending);
            pending!.Dispose();
            remove--;
        }

        // The id being rolled is not taken: its successor must connect so that the old worker can be let go.
        foreach (var slot in _live.Values.Where(s => !s.Removing && s.Worker.Id != _roll?.Id).OrderByDescending(s => s.Worker.Id).Take(remove))
        {
            slot.Removing = true;
            slot.Process.RequestStop();
        }
    });

    public void Close() => Post(() =>
    {
        if (State != MasterState.Active)
        {
            return;
        }

        BeginShutdown(MasterState.GracefulShutdown, exitCode: 0);
        foreach (var slot in AllSlots)
        {
            slot.Process.RequestStop();
        }

        _backstop.Disposable = _scheduler.Schedule(_timeout + GracefulBackstop, () =>
        {
            foreach (var slot in AllSlots)
            {
                _log.Warning($"worker {slot.Worker.Id} (pid {slot.Worker.Pid}) did not exit within the timeout of {_timeout.TotalMilliseconds} ms; killing it");
                slot.Process.Signal(Signal.SIGKILL);
            }
        });
        FinishIfDone();
    });

    public void Destroy() => Post(() => DestroyNow(exitCode: 0));

    public void Kill(Signal signal) => Post(() => KillAll(signal));

    /// <summary>
    /// Replaces every worker, one at a time: a new worker takes the id and connects before the old one is sent
    /// <paramref name="signal"/> (SIGQUIT: a graceful stop); the next is rolled once the old one has exited.
    /// Ignored while a roll is under way.
    /// </summary>
    public void RestartWorkers(Signal signal) => Post(() =>
    {
        if (State != MasterState.Active || _roll is not null)
        {
            _log.Warning(_roll is null ? "not restarting workers: the master is shutting down" : "workers are being restarted already; ignoring the new request");
            return;
        }

        _roll = new WorkerRoll(_live.Keys.Order(), signal);
        RollNext();
    });

    /// <summary>A report from worker <paramref name="id"/> (pid <paramref name="pid"/>) over IPC.</summary>
    public void Report(int id, int pid, Func<DateTimeOffset, Worker, WorkerEvent> create) => Post(() =>
    {
        var live = _live.TryGetValue(id, out var slot) && slot.Worker.Pid == pid;
        if (!live && !_retiring.TryGetValue(pid, out slot))
        {
            return;
        }

        var report = create(_scheduler.Now, slot!.Worker);
        _publish(report);
        if (live && report is WorkerConnected && _roll?.Id == id)
        {
            _roll.NewConnected = true;
            if (_roll.Old is { } old)
            {
                Retire(old, _roll.Signal);
            }
            else
            {
                RollNext();
            }
        }
    });

    private void DestroyNow(int exitCode)
    {
        if (State == MasterState.HardShutdown)
        {
            return;
        }

        BeginShutdown(MasterState.HardShutdown, exitCode);
        KillAll(Signal.SIGKILL);
        _backstop.Disposable = _scheduler.Schedule(HardBackstop, () =>
        {
            _log.Warning($"{_live.Count + _retiring.Count} worker(s) not reaped {HardBackstop.TotalSeconds} s after SIGKILL; closing anyway");
            Finish();
        });
        FinishIfDone();
    }

    private void BeginShutdown(MasterState state, int exitCode)
    {
        State = state;
        _exitCode = exitCode;
        foreach (var pending in _pendingRespawns.Values)
        {
            pending.Dispose();
        }

        _pendingRespawns.Clear();
        _roll = null;
        _publish(new Closing(_scheduler.Now, state));
    }

    private void KillAll(Signal signal)
    {
        _publish(new Killing(_scheduler.Now, signal));
        foreach (var slot in AllSlots)
        {
            slot.Signaled = true;
            slot.Process.Signal(signal);
        }
    }

    private void SpawnWorker(int id)
    {
        IWorkerProcess process;
        try
        {
            process = _launcher.Launch(id);
        }
        catch (ClusterException e)
        {
            _log.Error($"could not start worker {id}: {e.Message}");
            DestroyNow(exitCode: 1);
            return;
        }

        var slot = new WorkerSlot(new Worker(id, process.Pid), process, _scheduler.Now);
        _live[id] = slot;
        UpdateWorkers();
        _publish(new WorkerSpawned(_scheduler.Now, slot.Worker));
        slot.Subscription = process.Exited.Subscribe(code => Post(() => OnExited(slot, code)));
    }

    private void OnExited(WorkerSlot slot, int exitCode)
    {
        if (_retiring.Remove(slot.Worker.Pid))
        {
            slot.Subscription?.Dispose();
            _publish(new WorkerRemoved(_scheduler.Now, slot.Worker));
            if (_roll?.Old == slot)
            {
                _roll.Old = null;
                if (_roll.NewConnected)
                {
                    RollNext();
                }
            }

            FinishIfDone();
            return;
        }

        if (!_live.TryGetValue(slot.Worker.Id, out var current) || current != slot)
        {
            return;
        }

        _live.Remove(slot.Worker.Id);
        slot.Subscription?.Dispose();
        UpdateWorkers();
        var now = _scheduler.Now;
        if (slot.Removing)
        {
            _publish(new WorkerRemoved(now, slot.Worker));
        }
        else
        {
            _publish(new WorkerKilled(now, slot.Worker, exitCode));
            if (State == MasterState.Active)
            {
                Replace(slot, now, exitCode);
            }
        }

        FinishIfDone();
    }

    private void Replace(WorkerSlot slot, DateTimeOffset now, int exitCode)
    {
        // A worker the master sent a signal (Kill) died because it was asked to: that is no crash loop.
        var delay = slot.Signaled ? TimeSpan.Zero : _guard.OnDeath(now, now - slot.SpawnedAt, _target);
        var id = slot.Worker.Id;
        if (delay is null)
        {
            _log.Error(
                $"workers keep dying right after they start ({_guard.EarlyDeaths} died within {CrashLoopGuard.EarlyDeath.TotalSeconds} s of starting " +
                $"in the last {CrashLoopGuard.Window.TotalSeconds} s; the last, worker {id} (pid {slot.Worker.Pid}), exited with code {exitCode}). " +
                "Stopping the cluster instead of respawning: fix the error the workers report above, then start again.");
            DestroyNow(exitCode: 1);
            return;
        }

        if (delay == TimeSpan.Zero)
        {
            SpawnWorker(id);
            return;
        }

        _log.Warning($"worker {id} died {(now - slot.SpawnedAt).TotalMilliseconds:0} ms after it started; replacing it in {delay.Value.TotalMilliseconds:0} ms");
        _pendingRespawns[id] = _scheduler.Schedule(delay.Value, () =>
        {
            _pendingRespawns.Remove(id);
            if (State == MasterState.Active && !_live.ContainsKey(id))
            {
                SpawnWorker(id);
            }
        });
    }

    private void FinishIfDone()
    {
        if (State != MasterState.Active && _live.Count == 0 && _retiring.Count == 0)
        {
            Finish();
        }
    }

    private void Finish()
    {
        if (_completion.Task.IsCompleted)
        {
            return;
        }

        _backstop.Dispose();
        _publish(new Closed(_scheduler.Now, _exitCode));
        _completion.TrySetResult(_exitCode);
    }

    private void RollNext()
    {
        while (_roll?.Next() is int id)
        {
            if (!_live.TryGetValue(id, out var old) || old.Removing)
            {
                continue;
            }

            _live.Remove(id);
            _retiring[old.Worker.Pid] = old;
            UpdateWorkers();
            _roll.Old = old;
            SpawnWorker(id);
            return;
        }

        _roll = null;
    }

    private static void Retire(WorkerSlot slot, Signal signal)
    {
        if (signal == Signal.SIGQUIT)
        {
            slot.Process.RequestStop();
        }
        else
        {
            slot.Process.Signal(signal);
        }
    }

    private IEnumerable<WorkerSlot> AllSlots => _live.Values.Concat(_retiring.Values);

    private int NextFreeId()
    {
        var id = 0;
        while (_live.ContainsKey(id) || _pendingRespawns.ContainsKey(id))
        {
            id++;
        }

        return id;
    }

    private void UpdateWorkers() => _workers = [.. _live.Values.Select(s => s.Worker).OrderBy(w => w.Id)];

    private void Post(Action action) => _scheduler.Schedule(action);
}
