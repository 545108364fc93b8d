using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using Cluster.Rx.Internal;
using Cluster.Rx.Settings;

namespace Cluster.Rx.Supervision;

/// <summary>
/// The master's state machine: keeps the number of workers, replaces the dead (see <see cref="RespawnPolicy"/>),
/// rolls them, shuts down hard or gracefully. Every input is scheduled onto one scheduler, so state changes and
/// events never overlap and every timer runs in that scheduler's time (virtual time in specs). Every worker
/// process is one entry of <see cref="Table"/>.
/// </summary>
internal sealed partial class Supervisor
{
    private const int SigkillExitCode = 128 + (int)Signal.SIGKILL;

    private readonly IScheduler _scheduler;
    private readonly IWorkerLauncher _launcher;
    private readonly Action<ClusterEvent> _publish;
    private readonly ClusterLog _log;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _readyTimeout;
    private readonly RespawnPolicy _policy;
    private readonly Heartbeats _heartbeats;
    private readonly int _spawnConcurrency;
    private readonly SerialDisposable _backstop = new();
    private readonly TaskCompletionSource<int> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _target;
    private int _exitCode;
    private bool _started;
    private WorkerException? _lastException;
    private List<ClusterEvent>? _held;

    /// <summary>A supervisor of the workers <paramref name="settings"/> ask for, and of <paramref name="standby"/> standbys (the <c>standby</c> setting when null).</summary>
    public Supervisor(ClusterSettings settings, IScheduler scheduler, IWorkerLauncher launcher, Action<ClusterEvent> publish, ClusterLog log, int? standby = null)
    {
        _target = settings.Workers;
        _timeout = settings.Timeout;
        _readyTimeout = settings.ReadyTimeout;
        _policy = new RespawnPolicy(settings.MaxRespawnDelay, settings.MaxBootFailures);
        _standbys = standby ?? settings.Standby;
        _heartbeats = new Heartbeats(settings.HeartbeatTimeout);
        _maxMemory = settings.MaxMemory;
        _spawnConcurrency = settings.SpawnConcurrency;
        _scheduler = scheduler;
        _launcher = launcher;
        _publish = publish;
        _log = log;
    }

    public MasterState State { get; private set; } = MasterState.Active;

    /// <summary>Every worker process of this master.</summary>
    public WorkerTable Table { get; } = new();

    /// <summary>The serving workers, by id; a snapshot safe to read from any thread.</summary>
    public IReadOnlyList<Worker> Workers => Table.Workers;

    /// <summary>The exit code, once the master has closed.</summary>
    public Task<int> Completion => _completion.Task;

    public void Start() => Post(() =>
    {
        _started = true;
        StartMemoryChecks();
        for (var id = 0; id < _target; id++)
        {
            SpawnWorker(id, WorkerRole.Serving);
        }

        if (_target == 0)
        {
            _log.Write(LogEvents.NoWorkers);
        }
    });

    public void Spawn(int count) => Post(() =>
    {
        if (State != MasterState.Active)
        {
            return;
        }

        var add = Math.Min(count, ClusterDefaults.MaxWorkers - _target);
        _target += add;
        for (var i = 0; _started && i < add; i++)
        {
            StartWorker(NextFreeId(), WorkerRole.Serving);
        }
    });

    /// <summary>Lets <paramref name="count"/> workers go gracefully, the highest ids first, keeping at least <paramref name="keep"/>.</summary>
    public void Remove(int count, int keep = 0) => Post(() =>
    {
        if (State != MasterState.Active)
        {
            return;
        }

        var remove = Math.Min(count, Math.Max(0, _target - keep));
        _target -= remove;
        foreach (var id in Table.Reserved.OrderDescending().Take(remove).ToList())
        {
            Table.Release(id);
            remove--;
        }

        // The id being rolled is not taken: its successor must connect so that the old worker can be let go.
        var removed = Table.All
            .Where(e => e.Role == WorkerRole.Serving && e.Id != _roll?.Id)
            .OrderByDescending(e => e.Id)
            .Take(remove)
            .ToList();
        foreach (var entry in removed)
        {
            Table.SetRole(entry, WorkerRole.Retiring);
            entry.Stop();
        }
    });

    /// <summary>Graceful shutdown; the master closes with <paramref name="exitCode"/> once every worker has exited.</summary>
    public void Close(int exitCode = 0) => Post(() =>
    {
        if (State != MasterState.Active)
        {
            return;
        }

        BeginShutdown(MasterState.GracefulShutdown, exitCode);
        foreach (var entry in Table.All)
        {
            entry.Stop();
        }

        _backstop.Disposable = _scheduler.Schedule(_timeout + ClusterDefaults.GracefulBackstop, () =>
        {
            foreach (var entry in Table.All)
            {
                _log.Write(LogEvents.StopTimeout, entry.Id, entry.Pid, _timeout.TotalMilliseconds);
                entry.Stop(Signal.SIGKILL);
            }
        });
        FinishIfDone();
    });

    public void Destroy() => Post(() => DestroyNow(exitCode: 0));

    public void Kill(Signal signal) => Post(() => KillAll(signal));

    /// <summary>Sends <paramref name="signal"/> to serving worker <paramref name="id"/>, if there is one by then.</summary>
    public void KillWorker(int id, Signal signal) => Post(() =>
    {
        if (Table.Serving(id) is { } entry)
        {
            entry.Signaled = true;
            entry.Process.Signal(signal);
        }
    });

    /// <summary>
    /// The master's event loop met an exception nothing expected: a hard shutdown with exit code 1, so that no
    /// worker is left behind. If the shutdown itself fails, every worker is killed and the master closes at once.
    /// </summary>
    public void Fail(Exception error)
    {
        _log.Write(LogEvents.UnexpectedError, error);
        _exitCode = 1;
        if (State != MasterState.HardShutdown)
        {
            DestroyNow(exitCode: 1);
            return;
        }

        foreach (var entry in Table.All)
        {
            entry.Process.Signal(Signal.SIGKILL);
        }

        Finish();
    }

    /// <summary>A report from worker <paramref name="id"/> (pid <paramref name="pid"/>) over IPC.</summary>
    /// <summary>
    /// The process started as worker <paramref name="id"/> with <paramref name="pid"/>, looked up on the master's loop,
    /// waiting at most <paramref name="limit"/>: a worker's hello can overtake the loop action that started it (the
    /// process runs once started, before that action has put it in the table), never an action queued after it.
    /// </summary>
    /// <remarks>Called from an IPC thread, only when <see cref="WorkerTable.Find"/> has not found the worker yet.</remarks>
    public IWorkerProcess? FindOnLoop(int id, int pid, TimeSpan limit)
    {
        var found = new TaskCompletionSource<IWorkerProcess?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() => found.TrySetResult(Table.Find(id, pid)));
        return found.Task.Wait(limit) ? found.Task.Result : null;
    }

    public void Report(int id, int pid, Func<DateTimeOffset, Worker, WorkerEvent> create) => Post(() =>
    {
        if (Table.ByPid(pid) is not { } entry || entry.Id != id)
        {
            return;
        }

        var report = create(_scheduler.Now, entry.Worker);
        if (entry.Role == WorkerRole.Standby)
        {
            OnStandbyReport(entry, report);
            return;
        }

        if (report is WorkerConnected && entry.Promoting)
        {
            // A promoted standby serves under its new id now: its service counts from here.
            entry.Promoting = false;
            entry.ConnectedAt = report.Timestamp;
        }

        if (report is WorkerException exception)
        {
            entry.LastException = _lastException = exception;
        }

        if (report is WorkerConnected && entry.ConnectedAt is null)
        {
            entry.ConnectedAt = report.Timestamp;
            if (entry.Phase == WorkerPhase.Spawned)
            {
                entry.Phase = WorkerPhase.Connected;
            }

            _policy.OnConnected();
            WatchHeartbeats();
        }

        Publish(report);
        if (report is WorkerConnected && entry.Role == WorkerRole.Successor && State == MasterState.Active)
        {
            TakeOver(entry);
        }

        if (report is WorkerConnected)
        {
            StartDeferred();
        }

        if (report is WorkerConnected && State == MasterState.Active)
        {
            OnServing();
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
        _backstop.Disposable = _scheduler.Schedule(ClusterDefaults.HardBackstop, () =>
        {
            _log.Write(LogEvents.NotReaped, Table.Count, ClusterDefaults.HardBackstop.TotalSeconds);
            Finish();
        });
        FinishIfDone();
    }

    private void BeginShutdown(MasterState state, int exitCode)
    {
        State = state;
        _exitCode = Math.Max(_exitCode, exitCode);
        foreach (var id in Table.Reserved.ToList())
        {
            Table.Release(id);
        }

        _roll = null;
        _rollAgain = null;
        _standbyRespawn.Dispose();
        Publish(new Closing(_scheduler.Now, state));
    }

    private void KillAll(Signal signal)
    {
        Publish(new Killing(_scheduler.Now, signal));
        foreach (var entry in Table.All)
        {
            entry.Signaled = true;
            entry.Process.Signal(signal);
        }
    }

    private void SpawnWorker(int id, WorkerRole role)
    {
        if (role == WorkerRole.Serving && Defer(id))
        {
            return;
        }

        IWorkerProcess process;
        try
        {
            process = _launcher.Launch(id);
        }
        catch (ClusterException e)
        {
            _log.Write(LogEvents.SpawnFailed, id, e.Message);
            if (role == WorkerRole.Serving)
            {
                OnBootFailure(id, $"could not start worker {id}: {e.Message}");
            }
            else
            {
                FailRoll(id, Table.Serving(id)?.Pid ?? 0, exitCode: null, lastException: null, $"the new worker {id} could not be started: {e.Message}");
            }

            return;
        }

        var entry = new WorkerEntry(new Worker(id, process.Pid), process, role, _scheduler.Now);
        Track(entry);
        Publish(new WorkerSpawned(_scheduler.Now, entry.Worker));
    }

    /// <summary>Adds a started process to the table, with its ready timeout and its exit.</summary>
    private void Track(WorkerEntry entry)
    {
        Table.Add(entry);
        entry.ReadyTimer.Disposable = _scheduler.Schedule(_readyTimeout, () => OnReadyTimeout(entry));
        entry.Resources.Add(entry.ReadyTimer);
        entry.Resources.Add(entry.Process.Exited.Subscribe(code => Post(() => OnExited(entry, code))));
    }

    private void OnReadyTimeout(WorkerEntry entry)
    {
        // Stopping or not, a worker that never connected (or a promoted standby that never said it serves) has
        // nothing in flight: it is killed.
        if (entry.ConnectedAt is not null && !entry.Promoting)
        {
            return;
        }

        _log.Write(LogEvents.ReadyTimeout, entry.Id, entry.Pid, _readyTimeout.TotalMilliseconds);
        entry.MissedReadyTimeout = true;
        entry.Phase = WorkerPhase.Stopping;
        entry.Process.Signal(Signal.SIGKILL);
    }

    private void OnExited(WorkerEntry entry, int exitCode)
    {
        if (!Table.Remove(entry))
        {
            return;
        }

        var now = _scheduler.Now;
        switch (entry.Role)
        {
            case WorkerRole.Retiring:
                Publish(new WorkerRemoved(now, entry.Worker));
                if (_roll?.Predecessor == entry)
                {
                    RollNext();
                }

                break;
            case WorkerRole.Standby:
                OnStandbyExited(entry, exitCode);
                break;
            case WorkerRole.Successor:
                Publish(new WorkerKilled(now, entry.Worker, exitCode));
                if (State == MasterState.Active)
                {
                    FailRoll(entry.Id, entry.Pid, exitCode, entry.LastException, BootFailure(entry, exitCode, "new "));
                }

                break;
            default:
                // Its place is filled before anyone hears of its death (a ready standby starts accepting while the
                // event goes round), and the events still come in order: the death, then what replaces it.
                _held = [];
                try
                {
                    if (State == MasterState.Active && Table.Successor(entry.Id) is null)
                    {
                        Replace(entry, now, exitCode);
                    }
                }
                finally
                {
                    var held = _held;
                    _held = null;
                    Publish(new WorkerKilled(now, entry.Worker, exitCode));
                    held.ForEach(Publish);
                }

                break;
        }

        StartDeferred();
        FinishIfDone();
    }

    private void Replace(WorkerEntry entry, DateTimeOffset now, int exitCode)
    {
        if (entry.Signaled)
        {
            // The master sent it a signal (Kill): it died because it was asked to, which is no crash.
            StartWorker(entry.Id, WorkerRole.Serving);
        }
        else if (entry.ConnectedAt is { } connectedAt)
        {
            var delay = _policy.OnDeath(entry.Id, now - connectedAt);
            Respawn(entry.Id, delay, $"worker {entry.Id} (pid {entry.Pid}) died with exit code {exitCode} after serving for {(now - connectedAt).TotalSeconds:0.#} s");
        }
        else if (exitCode == SigkillExitCode && !entry.MissedReadyTimeout)
        {
            // SIGKILL came from outside (an operator's kill -9, the OOM killer): the program did not fail to boot,
            // so this is a death, backed off like any, and never a reason to give up.
            var delay = _policy.OnDeath(entry.Id, TimeSpan.Zero);
            Respawn(entry.Id, delay, $"worker {entry.Id} (pid {entry.Pid}) was killed (SIGKILL) before it connected");
        }
        else
        {
            OnBootFailure(entry.Id, BootFailure(entry, exitCode, string.Empty));
        }
    }

    private void OnBootFailure(int id, string failure)
    {
        if (_policy.OnBootFailure(id, Table.Connected) is { } delay)
        {
            Respawn(id, delay, failure);
            return;
        }

        var exception = _lastException is { } last ? $" The last exception a worker reported: {last.Type}: {last.Message}." : string.Empty;
        _log.Write(LogEvents.GivingUp, _policy.BootFailuresInARow, failure, exception);
        DestroyNow(exitCode: 1);
    }

    private void Respawn(int id, TimeSpan delay, string why)
    {
        if (delay == TimeSpan.Zero)
        {
            StartWorker(id, WorkerRole.Serving);
            return;
        }

        _log.Write(LogEvents.Respawning, why, delay.TotalMilliseconds);
        Table.Reserve(id, _scheduler.Schedule(delay, () =>
        {
            Table.Release(id, cancel: false);
            if (State == MasterState.Active && Table.Serving(id) is null)
            {
                StartWorker(id, WorkerRole.Serving);
            }
        }));
    }

    private string BootFailure(WorkerEntry entry, int exitCode, string adjective) => entry.MissedReadyTimeout
        ? $"the {adjective}worker {entry.Id} (pid {entry.Pid}) did not connect within the 'ready timeout' of {_readyTimeout.TotalMilliseconds} ms"
        : $"the {adjective}worker {entry.Id} (pid {entry.Pid}) exited with code {exitCode} before it connected";

    private void FinishIfDone()
    {
        // While a death is handled, the close waits for its events (OnExited finishes after them).
        if (_held is null && State != MasterState.Active && Table.Count == 0)
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
        Publish(new Closed(_scheduler.Now, _exitCode));
        _completion.TrySetResult(_exitCode);
    }

    private int NextFreeId()
    {
        var id = 0;
        while (Table.IsTaken(id))
        {
            id++;
        }

        return id;
    }

    private void Post(Action action) => _scheduler.Schedule(action);

    /// <summary>Publishes <paramref name="report"/> now, or after the death being handled (see <see cref="OnExited"/>).</summary>
    private void Publish(ClusterEvent report)
    {
        if (_held is { } held)
        {
            held.Add(report);
        }
        else
        {
            _publish(report);
        }
    }
}
