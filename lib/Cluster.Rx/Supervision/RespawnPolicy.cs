using Cluster.Rx.Settings;

namespace Cluster.Rx.Supervision;

/// <summary>
/// When to replace a dead worker, and when to give up. A <em>death</em> (the worker had connected) is always
/// replaced; a <em>boot failure</em> (it died, or missed <c>ready timeout</c>, before it connected) too, unless no
/// worker serves and the last <c>max boot failures</c> spawns all failed to boot — then the master gives up.
/// Each id backs off on its own: replaced at once the first time, then after 100 ms, 200 ms, 400 ms, … up to
/// <c>max respawn delay</c>; a worker that served for <see cref="ClusterDefaults.StablePeriod"/> before it died
/// starts again from "at once".
/// </summary>
internal sealed class RespawnPolicy(TimeSpan maxDelay, int maxBootFailures)
{
    private readonly Dictionary<int, int> _levels = [];

    /// <summary>Boot failures since a worker last connected.</summary>
    public int BootFailuresInARow { get; private set; }

    /// <summary>A worker connected: the boot failures in a row start again from zero.</summary>
    public void OnConnected() => BootFailuresInARow = 0;

    /// <summary>Worker <paramref name="id"/> died after serving for <paramref name="served"/>; returns how long to wait before replacing it.</summary>
    public TimeSpan OnDeath(int id, TimeSpan served)
    {
        if (served >= ClusterDefaults.StablePeriod)
        {
            _levels.Remove(id);
        }

        return Next(id);
    }

    /// <summary>
    /// Worker <paramref name="id"/> failed to boot while <paramref name="serving"/> workers serve; returns how long
    /// to wait before trying again, or null to give up.
    /// </summary>
    public TimeSpan? OnBootFailure(int id, int serving)
    {
        BootFailuresInARow++;
        return serving == 0 && BootFailuresInARow >= maxBootFailures ? null : Next(id);
    }

    /// <summary>The wait before the replacement after <paramref name="level"/> quick deaths in a row.</summary>
    public TimeSpan Delay(int level)
    {
        if (level == 0)
        {
            return TimeSpan.Zero;
        }

        var delay = ClusterDefaults.FirstRespawnDelay * Math.Pow(2, Math.Min(level - 1, 20));
        return delay < maxDelay ? delay : maxDelay;
    }

    private TimeSpan Next(int id)
    {
        var level = _levels.GetValueOrDefault(id);
        _levels[id] = level + 1;
        return Delay(level);
    }
}
