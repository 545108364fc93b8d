namespace Cluster.Rx.Supervision;

/// <summary>
/// Tells a crash loop (workers dying soon after they start) from ordinary deaths: the first early deaths are
/// replaced at once, later ones after a growing delay, and past a limit the master gives up.
/// </summary>
internal sealed class CrashLoopGuard
{
    /// <summary>A worker that dies sooner than this after it was spawned died early.</summary>
    public static readonly TimeSpan EarlyDeath = TimeSpan.FromSeconds(5);

    /// <summary>Early deaths are counted over this much time.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    /// <summary>The longest delay before a worker is replaced.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);

    private readonly Queue<DateTimeOffset> _earlyDeaths = new();

    /// <summary>Early deaths within <see cref="Window"/>, as of the last death.</summary>
    public int EarlyDeaths => _earlyDeaths.Count;

    /// <summary>The number of early deaths within <see cref="Window"/> at which the master gives up.</summary>
    public static int Limit(int workers) => Math.Max(10, 2 * workers);

    /// <summary>
    /// Records a death; returns how long to wait before replacing the worker, or null to give up.
    /// </summary>
    public TimeSpan? OnDeath(DateTimeOffset now, TimeSpan lifetime, int workers)
    {
        while (_earlyDeaths.Count > 0 && now - _earlyDeaths.Peek() >= Window)
        {
            _earlyDeaths.Dequeue();
        }

        if (lifetime >= EarlyDeath)
        {
            return TimeSpan.Zero;
        }

        _earlyDeaths.Enqueue(now);
        var count = _earlyDeaths.Count;
        if (count >= Limit(workers))
        {
            return null;
        }

        var beyond = count - Math.Max(1, workers);
        if (beyond <= 0)
        {
            return TimeSpan.Zero;
        }

        var delay = FirstDelay * Math.Pow(2, Math.Min(beyond - 1, 10));
        return delay < MaxDelay ? delay : MaxDelay;
    }
}
