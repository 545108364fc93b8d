using System.Buffers;
using System.Net.Sockets;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Rx.Internal;
using Cluster.Rx.Interop;
using Cluster.Rx.Ipc;

namespace Cluster.Rx.Supervision;

/// <summary>
/// A replacement master's side of a restart: it adopts the inherited listening socket, tells the old master
/// who it is, signals it once every one of its own workers has connected, and publishes the snapshot the old
/// master hands over (on <see cref="Restarted"/>) when that master has gone.
/// </summary>
internal sealed class Takeover(ReplacementEnvironment environment, IScheduler scheduler, Action<ClusterEvent> publish, ClusterLog log)
{
    /// <summary>How long the replacement tries to reach the old master's IPC socket.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The listening socket inherited from the old master, or null when it had none.</summary>
    public Socket? AdoptListener() =>
        environment.ListenFd is int fd ? new Socket(new SafeSocketHandle(fd, ownsHandle: true)) : null;

    /// <summary>Starts the handover: signals the old master once <paramref name="workers"/> distinct workers have connected.</summary>
    public IDisposable Start(IObservable<WorkerConnected> connected, int workers)
    {
        log.Info($"new master pid {Environment.ProcessId} is taking over from master pid {environment.ParentPid}");
        _ = ReceiveSnapshotAsync();
        return connected
            .Select(e => e.Id)
            .Distinct()
            .Take(workers)
            .LastOrDefaultAsync()
            .Subscribe(_ => SignalParent());
    }

    private void SignalParent()
    {
        if (!Posix.Kill(environment.ParentPid, environment.Signal))
        {
            log.Warning($"the old master (pid {environment.ParentPid}) is gone already");
        }
    }

    private async Task ReceiveSnapshotAsync()
    {
        JsonObject? snapshot = null;
        try
        {
            using var connecting = new CancellationTokenSource(ConnectTimeout);
            await using var channel = await IpcConnection.ConnectAsync(environment.ParentIpcPath, connecting.Token).ConfigureAwait(false);
            channel.TrySend(FrameType.Replacement, []);
            await channel.RunAsync((type, payload) => snapshot = type == FrameType.Snapshot
                ? Parse(payload)
                : throw new IpcProtocolException($"the old master may not send {type} frames to its replacement")).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or IpcProtocolException)
        {
            log.Error($"no restart snapshot from the old master (pid {environment.ParentPid}) at {environment.ParentIpcPath}: {e.Message}");
        }

        if (snapshot is null)
        {
            log.Error($"the old master (pid {environment.ParentPid}) handed over no restart snapshot; going on with an empty one");
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

            log.Error("the restart snapshot is not a JSON object; going on with an empty one");
        }
        catch (JsonException e)
        {
            log.Error($"the restart snapshot cannot be read ({e.Message}); going on with an empty one");
        }

        return [];
    }
}
