using System.Reactive.Concurrency;
using System.Text;
using System.Text.Json.Nodes;
using Cluster.Rx.Internal;
using Cluster.Rx.Ipc;
using Cluster.Rx.Settings;

namespace Cluster.Rx.Supervision;

/// <summary>
/// The old master's side of a zero-downtime restart: puts off restarts asked for too soon after start-up,
/// publishes <see cref="Restarting"/> for plugins to patch the snapshot, starts the replacement (which inherits
/// the listening socket), and once this master has drained its workers hands the snapshot over. A restart never
/// makes things worse: until the replacement signals, this master asks nothing of itself; if the replacement
/// exits, is killed, reports a failure or does not take over within <c>ready timeout</c> (plus
/// <see cref="ClusterDefaults.TakeoverGrace"/>, when it is killed), <see cref="RestartFailed"/> is published and
/// this master goes on serving, ready for the next restart.
/// </summary>
internal sealed class Restarter
{
    private readonly IScheduler _scheduler;
    private readonly TimeSpan _threshold;
    private readonly TimeSpan _delay;
    private readonly TimeSpan _readyTimeout;
    private readonly IReplacementLauncher _launcher;
    private readonly Func<bool> _isActive;
    private readonly Action<ClusterEvent> _publish;
    private readonly ClusterLog _log;
    private readonly DateTimeOffset _startedAt;
    private readonly Lock _gate = new();
    private bool _pending;
    private StartedProcess? _replacement;
    private JsonObject? _snapshot;
    private IpcConnection? _channel;
    private RestartFailedMessage? _reported;
    private string? _killedBecause;
    private IDisposable? _deadline;

    public Restarter(IScheduler scheduler, ClusterSettings settings, IReplacementLauncher launcher, Func<bool> isActive, Action<ClusterEvent> publish, ClusterLog log)
    {
        _scheduler = scheduler;
        _threshold = settings.RestartThreshold;
        _delay = settings.RestartTimeout;
        _readyTimeout = settings.ReadyTimeout;
        _launcher = launcher;
        _isActive = isActive;
        _publish = publish;
        _log = log;
        _startedAt = scheduler.Now;
    }

    /// <summary>Asks for a restart; the replacement sends <paramref name="signal"/> to this master once its workers listen.</summary>
    public void Request(Signal signal) => _scheduler.Schedule(() =>
    {
        if (_pending || !_isActive())
        {
            _log.Write(_pending ? LogEvents.RestartUnderWay : LogEvents.RestartRefused);
            return;
        }

        _pending = true;
        var uptime = _scheduler.Now - _startedAt;
        if (uptime < _threshold)
        {
            _log.Write(LogEvents.RestartDelayed, uptime.TotalSeconds, _threshold.TotalSeconds, _delay.TotalSeconds);
            _publish(new CyclicRestart(_scheduler.Now, _delay));
            _scheduler.Schedule(_delay, () => Begin(signal));
            return;
        }

        Begin(signal);
    });

    /// <summary>Binds the replacement's IPC channel; false when <paramref name="pid"/> is not the replacement this master started.</summary>
    public bool Attach(IpcConnection channel, int pid)
    {
        lock (_gate)
        {
            if (_replacement?.Pid != pid || _channel is not null)
            {
                return false;
            }

            _channel = channel;
            return true;
        }
    }

    /// <summary>The replacement <paramref name="pid"/> reports that its takeover failed; it exits next.</summary>
    public void OnFailureReport(int pid, RestartFailedMessage report)
    {
        lock (_gate)
        {
            if (_replacement?.Pid == pid)
            {
                _reported = report;
            }
        }
    }

    /// <summary>True once a replacement has connected and not failed: the listening socket is its now.</summary>
    public bool HasSuccessor
    {
        get
        {
            lock (_gate)
            {
                return _channel is not null;
            }
        }
    }

    /// <summary>After this master has closed: sends the snapshot to the replacement, if there is one.</summary>
    public async Task HandOverAsync(TimeSpan timeout)
    {
        IpcConnection? channel;
        JsonObject? snapshot;
        lock (_gate)
        {
            (channel, snapshot) = (_channel, _snapshot);
        }

        if (channel is null || snapshot is null)
        {
            return;
        }

        channel.TrySend(FrameType.Snapshot, Serialize(snapshot));
        if (!await channel.FlushAsync(timeout).ConfigureAwait(false))
        {
            _log.Write(LogEvents.SnapshotNotDelivered, _replacement?.Pid, timeout.TotalSeconds);
        }

        channel.Close();
    }

    private void Begin(Signal signal)
    {
        if (!_isActive())
        {
            _pending = false;
            return;
        }

        var snapshot = new JsonObject();
        _publish(new Restarting(_scheduler.Now, snapshot));
        StartedProcess replacement;
        try
        {
            replacement = _launcher.Launch(signal);
        }
        catch (ClusterException e)
        {
            _log.Write(LogEvents.ReplacementNotStarted, e.Message);
            _pending = false;
            // No replacement, so no pid (0): the restart announced by Restarting is over all the same.
            _publish(new RestartFailed(_scheduler.Now, $"cannot start the replacement master: {e.Message}", 0, null, null));
            return;
        }

        lock (_gate)
        {
            (_replacement, _snapshot, _reported, _killedBecause) = (replacement, snapshot, null, null);
        }

        _log.Write(LogEvents.ReplacementStarted, replacement.Pid, signal, Environment.ProcessId);
        var deadline = _readyTimeout + ClusterDefaults.TakeoverGrace;
        _deadline = _scheduler.Schedule(deadline, () => OnDeadline(replacement, deadline));
        replacement.Exited.Subscribe(code => _scheduler.Schedule(() => OnReplacementExited(replacement, code)));
    }

    private void OnDeadline(StartedProcess replacement, TimeSpan deadline)
    {
        if (!_isActive() || _replacement != replacement)
        {
            return;
        }

        _killedBecause = $"the new master (pid {replacement.Pid}) did not take over within {deadline.TotalSeconds:0.#} s ('ready timeout' + {ClusterDefaults.TakeoverGrace.TotalSeconds:0} s); it was killed";
        _log.Write(LogEvents.ReplacementKilled, _killedBecause);
        replacement.Signal(Signal.SIGKILL);
    }

    private void OnReplacementExited(StartedProcess replacement, int exitCode)
    {
        RestartFailedMessage? reported;
        lock (_gate)
        {
            if (_replacement != replacement)
            {
                return;
            }

            reported = _reported;
            if (!_isActive())
            {
                // It took over (this master is draining) and has gone since: nothing is left to hand over to.
                return;
            }

            (_replacement, _snapshot, _channel, _reported) = (null, null, null, null);
        }

        _deadline?.Dispose();
        var reason = reported?.Reason ?? _killedBecause ?? $"the new master (pid {replacement.Pid}) exited with code {exitCode} before it took over";
        var exception = reported is { Exception: { } e, WorkerId: int id, WorkerPid: int pid }
            ? new WorkerException(_scheduler.Now, new Worker(id, pid), e.Type, e.Message, e.StackTrace)
            : null;
        _log.Write(exception is null
            ? LogEvents.RestartFailed.With(reason, Environment.ProcessId)
            : LogEvents.RestartFailedWithException.With(reason, Environment.ProcessId, exception.Type, exception.Message));
        _pending = false;
        _publish(new RestartFailed(_scheduler.Now, reason, replacement.Pid, exitCode, exception));
    }

    private byte[] Serialize(JsonObject snapshot)
    {
        byte[] payload;
        try
        {
            payload = Encoding.UTF8.GetBytes(snapshot.ToJsonString());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Plugins put what they like in the snapshot: whatever fails to serialize must not fail the restart.
            _log.Write(LogEvents.SnapshotNotSerializable, e.Message);
            return "{}"u8.ToArray();
        }

        if (payload.Length > ClusterDefaults.MaxFrameSize)
        {
            _log.Write(LogEvents.SnapshotTooLarge, payload.Length, ClusterDefaults.MaxFrameSize);
            return "{}"u8.ToArray();
        }

        return payload;
    }
}
