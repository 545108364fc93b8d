using System.Collections.Concurrent;
using Cluster.Rx.Settings;

namespace Cluster.Rx.Supervision;

/// <summary>
/// The last heartbeat of each worker process, by pid, as a timestamp of the master's clock. Recorded from IPC threads
/// (one in-place write per heartbeat, no allocation), read and pruned on the master's loop. In memory only.
/// </summary>
internal sealed class Heartbeats(TimeSpan timeout)
{
    private readonly ConcurrentDictionary<int, long> _lastTicks = new();

    /// <summary>How long a serving worker may be silent (<c>heartbeat timeout</c>); zero when heartbeats are off.</summary>
    public TimeSpan Timeout { get; } = timeout;

    public bool Enabled => Timeout > TimeSpan.Zero;

    /// <summary>How often workers send a heartbeat: <see cref="Timeout"/> / <see cref="ClusterDefaults.HeartbeatsPerTimeout"/>; also how late a check may run before the master counts itself as having stood still.</summary>
    public TimeSpan Interval => Timeout / ClusterDefaults.HeartbeatsPerTimeout;

    /// <summary>The period a worker is told to send heartbeats at, in milliseconds (0: send none).</summary>
    public static int IntervalMs(TimeSpan timeout) =>
        (int)(timeout / ClusterDefaults.HeartbeatsPerTimeout).TotalMilliseconds;

    /// <summary>Pid <paramref name="pid"/> sent a heartbeat at <paramref name="now"/>; thread-safe.</summary>
    public void Beat(int pid, DateTimeOffset now) => _lastTicks[pid] = now.UtcTicks;

    /// <summary>The last heartbeat of <paramref name="pid"/>, if it sent one.</summary>
    public DateTimeOffset? Last(int pid) =>
        _lastTicks.TryGetValue(pid, out var ticks) ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Forgets every pid <paramref name="live"/> says is gone.</summary>
    public void Prune(Func<int, bool> live)
    {
        foreach (var pid in _lastTicks.Keys)
        {
            if (!live(pid))
            {
                _lastTicks.TryRemove(pid, out _);
            }
        }
    }
}
