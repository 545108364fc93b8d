using System.Reactive.Concurrency;
using System.Reactive.Linq;

namespace Cluster.Rx;

/// <summary>The operators of <see cref="Plugins.Reload(string?)"/>: file changes, filtered and gathered into bursts.</summary>
public static class ReloadObservable
{
    /// <summary>The extensions watched by default: <c>.dll</c> and <c>.json</c>, so that a <c>dotnet build</c> counts.</summary>
    public static IReadOnlyList<string> DefaultExtensions { get; } = [".dll", ".json"];

    /// <summary>
    /// The full path of every file that changes (created, written, deleted, renamed from or to) under
    /// <paramref name="paths"/>: directories are watched recursively, for files whose extension is one of
    /// <paramref name="extensions"/> (compared case-insensitively); a file given by name is watched whatever its
    /// extension. When a watcher loses events (its buffer overflowed), the path it watches is emitted instead.
    /// </summary>
    /// <param name="paths">Files and directories; relative paths are taken against the current directory now.</param>
    /// <param name="extensions">With or without the dot; null for <see cref="DefaultExtensions"/>.</param>
    /// <returns>
    /// Cold: each subscription starts its own watchers, and disposing it stops them. Paths are emitted on the
    /// watchers' threads, one at a time; it never completes.
    /// </returns>
    /// <exception cref="ArgumentException">A list is empty, or a path or extension is blank.</exception>
    /// <exception cref="FileNotFoundException">A path does not exist (the message names it).</exception>
    public static IObservable<string> WatchFiles(IEnumerable<string> paths, IEnumerable<string>? extensions = null)
    {
        var watch = FileWatch.Of(CheckPaths(paths).Select(Path.GetFullPath).ToList(), CheckExtensions(extensions));
        return watch.Changes();
    }

    /// <summary>
    /// <paramref name="changes"/> without the paths equal to or under one of <paramref name="ignored"/>, which is read
    /// again for each change (other plugins may declare what they write later).
    /// </summary>
    /// <returns>As hot or cold as <paramref name="changes"/>, on its threads; completes or fails when it does.</returns>
    public static IObservable<string> ExceptUnder(this IObservable<string> changes, Func<IEnumerable<string>> ignored)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(ignored);
        return changes.Where(path => !ignored().Any(root => IsUnder(path, root)));
    }

    /// <summary>
    /// One item per burst of <paramref name="changes"/>: the last change of the burst, once <paramref name="interval"/>
    /// has passed without another (<c>Throttle</c>).
    /// </summary>
    /// <returns>
    /// As hot or cold as <paramref name="changes"/>; items on <paramref name="scheduler"/>. When the changes complete, a
    /// burst still pending is emitted at once, then it completes.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is not positive.</exception>
    public static IObservable<string> Bursts(this IObservable<string> changes, TimeSpan interval, IScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return changes.Throttle(interval, scheduler);
    }

    internal static IReadOnlyList<string> CheckPaths(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var list = paths.ToList();
        if (list.Count == 0 || list.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("give Reload one or more paths to watch, none of them blank", nameof(paths));
        }

        return list;
    }

    internal static IReadOnlyList<string> CheckExtensions(IEnumerable<string>? extensions)
    {
        var list = extensions?.ToList() ?? [.. DefaultExtensions];
        if (list.Count == 0 || list.Any(e => string.IsNullOrWhiteSpace(e) || e.Trim() == "."))
        {
            throw new ArgumentException("give Reload one or more file extensions to watch (\".dll\" or \"dll\"), none of them blank", nameof(extensions));
        }

        return [.. list.Select(e => e.Trim()).Select(e => e.StartsWith('.') ? e : "." + e)];
    }

    private static bool IsUnder(string path, string root)
    {
        var trimmed = Path.TrimEndingDirectorySeparator(root);
        return path.StartsWith(trimmed, StringComparison.Ordinal)
            && (path.Length == trimmed.Length || path[trimmed.Length] == Path.DirectorySeparatorChar);
    }
}
