namespace Cluster.Rx;

/// <content>The Logger plugin.</content>
public static partial class Plugins
{
    /// <summary>
    /// Writes logs in directory <paramref name="path"/>: <c>master.log</c> (the master's events and its own
    /// log lines at <paramref name="level"/> or above, timestamped; see <see cref="LogLineExtensions"/>),
    /// <c>workers.access.log</c> (every line the workers write to stdout) and <c>workers.error.log</c> (every line
    /// they write to stderr), which then no longer reach the master's own stdout and stderr. Files are appended to,
    /// never truncated, in whole lines, so the old and the new master of a restart can both write for a moment.
    /// SIGUSR1 reopens every file (log rotation: move the files, then send SIGUSR1; no line is lost or doubled).
    /// </summary>
    /// <remarks>
    /// The directory is created if missing; one that cannot be created or written stops the master before any worker
    /// starts, with an error naming it. A write that fails later (a full disk) is reported once on stderr and the
    /// master goes on. The directory is declared written (<see cref="IPluginContext.Writes"/>), so file watchers
    /// ignore it.
    /// </remarks>
    /// <param name="path">The directory, relative to the cluster's <c>working directory</c>. Defaults to <c>logs</c>.</param>
    /// <param name="level">The least level written to <c>master.log</c>: <c>debug</c>, <c>info</c>, <c>warning</c> or <c>error</c>. Defaults to <c>info</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, or <paramref name="level"/> is not a level (the message lists them).</exception>
    public static Plugin Logger(string path = "logs", string level = "info")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(level);
        var minimum = LineLevelNames.Parse(level, nameof(level));
        return Plugin.Create("logger", context => LoggerPlugin.Attach(context, path, minimum));
    }
}
