using System.Reactive.Disposables;
using Cluster.Rx.Ipc;

namespace Cluster.Rx.Serving;

/// <summary>
/// A worker's heartbeat: an empty <see cref="FrameType.Heartbeat"/> frame every <see cref="OptionsMessage.HeartbeatMs"/>,
/// from a <see cref="Timer"/> whose callback runs on the thread pool. A worker whose thread pool is deadlocked or
/// starved, or that is stopped, sends none, and the master kills it as hung. In memory only, never a file.
/// </summary>
internal static class HeartbeatSender
{
    /// <summary>Starts sending on <paramref name="channel"/> every <paramref name="intervalMs"/> ms (nothing when 0); dispose to stop.</summary>
    public static IDisposable Start(IpcConnection channel, int intervalMs)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (intervalMs <= 0)
        {
            return Disposable.Empty;
        }

        // The timer's own thread only queues the callback: the frame goes out only if a thread-pool thread runs it.
        return new Timer(static state => ((IpcConnection)state!).TrySend(FrameType.Heartbeat, []), channel, intervalMs, intervalMs);
    }
}
