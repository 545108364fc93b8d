using System.Buffers;
using System.Net.Sockets;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Rx.Internal;
using Cluster.Rx.Interop;
using Cluster.Rx.Ipc;
using Cluster.Rx.Settings;

namespace Cluster.Rx.Supervision;

/// <summary>
/// A replacement master's side of a restart: it adopts the inherited listening socket, tells the old master who it
/// is, and signals it only once every one of its own workers has connected (<see cref="TakeoverOutcome"/>). If the
/// takeover fails first, it tells the old master why and closes (exit code 1) without ever signalling it, so the old
/// master goes on serving. Once the old master has gone, the snapshot it handed over is published on
/// <see cref="Restarted"/>.
/// </summary>
internal sealed class Takeover(
    ReplacementEnvironment environment,
    IScheduler scheduler,
    Action<ClusterEvent> publish,
    ClusterLog log,
    Func<int, Signal, bool>? sendSignal = null,
    Action? tookOver = null)
{
    private readonly Func<int, Signal, bool> _sendSignal = sendSignal ?? Libc.Send;
    private readonly TaskCompletionSource<IpcConnection?> _parent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _failed;

    /// <summary>The listening socket inherited from the old master, or null when it had none.</summary>
    public Socket? AdoptListener() =>
        environment.ListenFd is int fd ? new Socket(new SafeSocketHandle(fd, ownsHandle: true)) : null;

    /// <summary>
    /// Starts the handover: watches <paramref name="events"/> (this master's own, ahead of any subscriber) until
    /// <paramref name="workers"/> distinct workers have connected, then signals the old master; on a failure calls
    /// <paramref name="fail"/> instead.
    /// </summary>
    public IDisposable Start(IObservable<ClusterEvent> events, int workers, TimeSpan readyTimeout, Action fail)
    {
        log.Write(LogEvents.TakingOver, Environment.ProcessId, environment.ParentPid);
        _ = ReceiveSnapshotAsync();
        return TakeoverOutcome.Of(events, workers, readyTimeout, scheduler)
            .Subscribe(outcome =>
            {
                if (outcome.IsReady)
                {
                    // Before the signal: whoever must learn that this master is the main one now (systemd's MAINPID=) learns it first.
                    tookOver?.Invoke();
                    SignalParent();
                }
                else
                {
                    _failed = true;
                    _ = FailAsync(outcome, fail);
                }
            });
    }

    private void SignalParent()
    {
        if (!_sendSignal(environment.ParentPid, environment.Signal))
        {
            log.Write(LogEvents.OldMasterGone, environment.ParentPid);
        }
    }

    /// <summary>Tells the old master why the restart failed (before this master closes, so the report is not lost), then closes.</summary>
    private async Task FailAsync(TakeoverOutcome outcome, Action fail)
    {
        log.Write(LogEvents.TakeoverFailed, outcome.Reason, Environment.ProcessId, environment.ParentPid);
        try
        {
            if (await _parent.Task.ConfigureAwait(false) is { } parent)
            {
                Report(parent, outcome);
                await parent.FlushAsync(ClusterDefaults.FinalFlushTimeout).ConfigureAwait(false);
            }
        }
        finally
        {
            fail();
        }
    }

    private static void Report(IpcConnection parent, TakeoverOutcome outcome)
    {
        var exception = outcome.LastException;
        var message = new RestartFailedMessage(
            outcome.Reason!,
            exception?.Id,
            exception?.Pid,
            exception is null ? null : new ExceptionMessage(exception.Type, exception.Message, exception.StackTrace));
        IpcMessages.Send(parent, FrameType.RestartFailed, message);
    }

    private async Task ReceiveSnapshotAsync()
    {
        JsonObject? snapshot = null;
        try
        {
            using var connecting = new CancellationTokenSource(ClusterDefaults.HandshakeTimeout);
            await using var channel = await IpcConnection.ConnectAsync(environment.ParentIpcPath, connecting.Token).ConfigureAwait(false);
            channel.TrySend(FrameType.Replacement, []);
            _parent.TrySetResult(channel);
            await channel.RunAsync((type, payload) => snapshot = type == FrameType.Snapshot
                ? Parse(payload)
                : throw new IpcProtocolException($"the old master may not send {type} frames to its replacement")).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or IpcProtocolException)
        {
            log.Write(LogEvents.SnapshotNotReceived, environment.ParentPid, environment.ParentIpcPath, e.Message);
        }
        finally
        {
            _parent.TrySetResult(null);
        }

        if (_failed)
        {
            return;
        }

        if (snapshot is null)
        {
            log.Write(LogEvents.SnapshotMissing, environment.ParentPid);
        }

        var handed = snapshot ?? [];
        scheduler.Schedule(() => publish(new Restarted(scheduler.Now, environment.ParentPid, handed)));
    }

    private JsonObject Parse(ReadOnlySequence<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (JsonNode.Parse(ref reader) is JsonObject snapshot)
            {
                return snapshot;
            }

            log.Write(LogEvents.SnapshotNotObject);
        }
        catch (JsonException e)
        {
            log.Write(LogEvents.SnapshotUnreadable, e.Message);
        }

        return [];
    }
}
