using System.Reactive.Concurrency;
using System.Text;
using System.Text.Json.Nodes;
using Cluster.Rx.Internal;
using Cluster.Rx.Ipc;

namespace Cluster.Rx.Supervision;

/// <summary>
/// The old master's side of a zero-downtime restart: puts off restarts asked for too soon after start-up,
/// publishes <see cref="Restarting"/> for plugins to patch the snapshot, starts the replacement (which inherits
/// the listening socket), and once this master has drained its workers hands the snapshot over.
/// </summary>
internal sealed class Restarter
{
    private readonly IScheduler _scheduler;
    private readonly TimeSpan _threshold;
    private readonly TimeSpan _delay;
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

    public Restarter(IScheduler scheduler, TimeSpan threshold, TimeSpan delay, IReplacementLauncher launcher, Func<bool> isActive, Action<ClusterEvent> publish, ClusterLog log)
    {
        _scheduler = scheduler;
        _threshold = threshold;
        _delay = delay;
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
            _log.Warning(_pending ? "a restart is under way already; ignoring the new request" : "not restarting: the master is shutting down");
            return;
        }

        _pending = true;
        var uptime = _scheduler.Now - _startedAt;
        if (uptime < _threshold)
        {
            _log.Info($"restart asked for {uptime.TotalSeconds:0.#} s after start-up, within the 'restart threshold' of {_threshold.TotalSeconds:0.#} s: it happens in {_delay.TotalSeconds:0.#} s ('restart timeout')");
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
            _log.Error($"the restart snapshot did not reach the new master (pid {_replacement?.Pid}) within {timeout.TotalSeconds} s");
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
            _log.Error($"cannot start the replacement master: {e.Message}; this master keeps serving");
            _pending = false;
            return;
        }

        lock (_gate)
        {
            (_replacement, _snapshot) = (replacement, snapshot);
        }

        _log.Info($"restarting: new master pid {replacement.Pid} started; it takes over (sends {signal} to pid {Environment.ProcessId}) once its workers listen");
        replacement.Exited.Subscribe(code => _scheduler.Schedule(() => OnReplacementExited(replacement, code)));
    }

    private void OnReplacementExited(StartedProcess replacement, int exitCode)
    {
        if (!_isActive())
        {
            return;
        }

        _log.Error($"the new master (pid {replacement.Pid}) exited with code {exitCode} before it took over; this master keeps serving");
        lock (_gate)
        {
            (_replacement, _snapshot, _channel) = (null, null, null);
        }

        _pending = false;
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
            _log.Error($"the restart snapshot cannot be serialized ({e.Message}); the new master gets an empty snapshot");
            return "{}"u8.ToArray();
        }

        if (payload.Length > IpcDefaults.MaxFrameSize)
        {
            _log.Error($"the restart snapshot is {payload.Length} bytes, over the IPC frame limit of {IpcDefaults.MaxFrameSize} bytes; the new master gets an empty snapshot");
            return "{}"u8.ToArray();
        }

        return payload;
    }
}
