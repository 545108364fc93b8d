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
    // A worker has one channel to its master, so one heartbeat. Held here too, so that the timer lives as long as the
    // process when its owner is not disposed (an abstract worker's program runs on after RunAsync has returned),
    // rather than as long as the garbage collector leaves an unreferenced timer alone.
    private static Timer? s_current;

    /// <summary>Starts sending on <paramref name="channel"/> every <paramref name="intervalMs"/> ms (nothing when 0); dispose to stop.</summary>
    public static IDisposable Start(IpcConnection channel, int intervalMs)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (intervalMs <= 0)
        {
            return Disposable.Empty;
        }

        // The timer's own thread only queues the callback: the frame goes out only if a thread-pool thread runs it.
        var timer = new Timer(static state => ((IpcConnection)state!).TrySend(FrameType.Heartbeat, []), channel, intervalMs, intervalMs);
        Interlocked.Exchange(ref s_current, timer)?.Dispose();
        return Disposable.Create(() =>
        {
            Interlocked.CompareExchange(ref s_current, null, timer);
            timer.Dispose();
        });
    }
}
