namespace Cluster.Rx;

/// <content>The reload plugin.</content>
public static partial class Plugins
{
    /// <summary>The pause without changes that ends a burst, unless <c>interval</c> says otherwise. 100 ms.</summary>
    internal static readonly TimeSpan DefaultReloadInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Rolls the workers when the <c>.dll</c> and <c>.json</c> files under <paramref name="path"/> change, once per
    /// burst of changes, successor first and without a failed request (<see cref="Master.RestartWorkers"/>). See
    /// <see cref="Reload(IEnumerable{string}, Signal?, TimeSpan?, IEnumerable{string}?)"/>.
    /// </summary>
    /// <param name="path">
    /// A directory (watched recursively) or a file; null for the program's directory (<see cref="AppContext.BaseDirectory"/>)
    /// and the program's own executable when it is there: an app published with Native AOT is one executable, no <c>.dll</c>.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is blank.</exception>
    public static Plugin Reload(string? path = null) =>
        Reload(path is null ? ProgramFiles(AppContext.BaseDirectory, Environment.ProcessPath) : [path]);

    /// <summary>
    /// What <see cref="Reload(string?)"/> watches by default: <paramref name="directory"/>, and <paramref name="executable"/>
    /// too when it is in that directory (a native app, or .NET's app host), not the <c>dotnet</c> host elsewhere.
    /// </summary>
    internal static IReadOnlyList<string> ProgramFiles(string directory, string? executable) =>
        executable is not null && Path.GetDirectoryName(executable) == Path.TrimEndingDirectorySeparator(directory)
            ? [directory, executable]
            : [directory];

    /// <summary>
    /// Rolls the workers when watched files change: once per burst of changes (a burst ends after
    /// <paramref name="interval"/> without another), successor first and without a failed request
    /// (<see cref="Master.RestartWorkers"/>; one asked for during a roll rolls again after it, so a rebuild that
    /// lands mid-roll is not lost). With <paramref name="signal"/>, every worker is sent that signal at once instead
    /// (<see cref="Master.Kill"/>) and the master replaces them. Changes under the paths plugins declare they write
    /// (<see cref="IPluginContext.Writes"/>: logs, pid files) are ignored. The logic is
    /// <see cref="ReloadObservable.WatchFiles"/>, <see cref="ReloadObservable.ExceptUnder"/> and
    /// <see cref="ReloadObservable.Bursts"/>.
    /// </summary>
    /// <param name="paths">
    /// Directories (watched recursively, for files with one of <paramref name="extensions"/>) and files (watched
    /// whatever their extension); relative paths are taken against the master's working directory. A path that does
    /// not exist stops the master before any worker starts, with an error naming it (exit code 1).
    /// </param>
    /// <param name="signal">Null to roll the workers; a signal to send it to every worker at once.</param>
    /// <param name="interval">The quiet that ends a burst. Defaults to 100 ms.</param>
    /// <param name="extensions">With or without the dot, compared case-insensitively. Defaults to <c>.dll</c> and <c>.json</c>.</param>
    /// <exception cref="ArgumentException">No path, a blank path or extension, or an interval that is not positive.</exception>
    public static Plugin Reload(IEnumerable<string> paths, Signal? signal = null, TimeSpan? interval = null, IEnumerable<string>? extensions = null)
    {
        var watched = ReloadObservable.CheckPaths(paths);
        var watchedExtensions = ReloadObservable.CheckExtensions(extensions);
        var quiet = interval ?? DefaultReloadInterval;
        if (quiet <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), quiet, "give Reload an interval longer than zero (the quiet that ends a burst of changes)");
        }

        return Plugin.Create("reload", context =>
            ReloadSink.Attach(context, ReloadObservable.WatchFiles(watched, watchedExtensions), quiet, signal));
    }
}
