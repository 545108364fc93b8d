using System.Reactive.Disposables;
using System.Reactive.Linq;

namespace Cluster.Rx;

/// <summary>
/// File system watchers over a set of files and directories, as one stream of changed paths (see
/// <see cref="ReloadObservable.WatchFiles"/>).
/// </summary>
internal sealed class FileWatch
{
    private readonly IReadOnlyList<string> _paths;
    private readonly HashSet<string> _extensions;

    private FileWatch(IReadOnlyList<string> paths, HashSet<string> extensions) => (_paths, _extensions) = (paths, extensions);

    /// <summary>A watch over <paramref name="paths"/> (full paths that exist), directories filtered by <paramref name="extensions"/> (with their dot).</summary>
    /// <exception cref="FileNotFoundException">A path does not exist; the message names it.</exception>
    public static FileWatch Of(IReadOnlyList<string> paths, IEnumerable<string> extensions)
    {
        foreach (var path in paths.Where(p => !Directory.Exists(p) && !File.Exists(p)))
        {
            throw new FileNotFoundException($"cannot watch '{path}': there is no such file or directory; give Reload existing files or directories", path);
        }

        return new FileWatch(paths, new HashSet<string>(extensions, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Starts the watchers; disposing the subscription stops them.</summary>
    public IObservable<string> Changes() => Observable.Create<string>(observer =>
    {
        var gate = new Lock();
        var watchers = new CompositeDisposable();
        void Emit(string path)
        {
            lock (gate)
            {
                observer.OnNext(path);
            }
        }

        foreach (var path in _paths)
        {
            watchers.Add(Directory.Exists(path) ? WatchDirectory(path, Emit) : WatchFile(path, Emit));
        }

        return watchers;
    });

    private IDisposable WatchDirectory(string directory, Action<string> emit) => Start(
        new FileSystemWatcher(directory) { IncludeSubdirectories = true, NotifyFilter = Everything },
        directory,
        path => _extensions.Contains(Path.GetExtension(path)),
        emit);

    /// <summary>A file given by name is watched whatever its extension.</summary>
    private static IDisposable WatchFile(string file, Action<string> emit) => Start(
        new FileSystemWatcher(Path.GetDirectoryName(file)!, Path.GetFileName(file)) { NotifyFilter = Everything },
        file,
        _ => true,
        emit);

    /// <summary>
    /// Every kind of change of a path that <paramref name="counts"/> is emitted, a rename by either name; an error
    /// (events lost to a buffer overflow, say) is a change of <paramref name="watched"/> itself.
    /// </summary>
    private static IDisposable Start(FileSystemWatcher watcher, string watched, Func<string, bool> counts, Action<string> emit)
    {
        void OnChange(string path)
        {
            if (counts(path))
            {
                emit(path);
            }
        }

        watcher.Changed += (_, e) => OnChange(e.FullPath);
        watcher.Created += (_, e) => OnChange(e.FullPath);
        watcher.Deleted += (_, e) => OnChange(e.FullPath);
        watcher.Renamed += (_, e) =>
        {
            OnChange(e.OldFullPath);
            OnChange(e.FullPath);
        };
        watcher.Error += (_, _) => emit(watched);
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private const NotifyFilters Everything = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
        | NotifyFilters.Size | NotifyFilters.CreationTime | NotifyFilters.Attributes;
}
