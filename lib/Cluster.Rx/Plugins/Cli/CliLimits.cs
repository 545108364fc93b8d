using System.Globalization;
using Cluster.Rx.Settings;

namespace Cluster.Rx;

/// <summary>How often the commands of <see cref="Plugins.Cli"/> look while they wait, and how long they wait at most.</summary>
/// <param name="Poll">Between two looks at the pid files and the master.</param>
/// <param name="Restart">For a new master to take over after SIGUSR2.</param>
/// <param name="Shutdown">For the master to exit after SIGQUIT.</param>
/// <param name="Stop">For the master to exit after SIGTERM.</param>
internal sealed record CliLimits(TimeSpan Poll, TimeSpan Restart, TimeSpan Shutdown, TimeSpan Stop)
{
    /// <summary>
    /// The limits a master with <paramref name="settings"/> keeps, plus <see cref="ClusterDefaults.CliMargin"/>: a
    /// restart may be put off by <c>restart timeout</c> (asked for too soon after start-up), then has <c>ready
    /// timeout</c> and <see cref="ClusterDefaults.TakeoverGrace"/> before the old master gives up on it; a graceful
    /// shutdown lets workers finish for <c>timeout</c> (plus the master's backstop and hand-over); a hard one waits
    /// <see cref="ClusterDefaults.HardBackstop"/> for killed workers.
    /// </summary>
    public static CliLimits From(ClusterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(
            ClusterDefaults.CliPoll,
            settings.RestartTimeout + settings.ReadyTimeout + ClusterDefaults.TakeoverGrace + ClusterDefaults.CliMargin,
            settings.Timeout + ClusterDefaults.GracefulBackstop + ClusterDefaults.HandOverTimeout + ClusterDefaults.CliMargin,
            ClusterDefaults.HardBackstop + ClusterDefaults.CliMargin);
    }

    /// <summary><paramref name="span"/> in seconds for messages: <c>140</c>, <c>0.5</c>.</summary>
    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
}
