using Cluster.Rx.Interop;

namespace Cluster.Rx.Supervision;

/// <summary>
/// Walks a path as the kernel resolves it — from <c>/</c> one name at a time, following symbolic links — and finds
/// the first place where <see cref="Credentials"/> would be refused: a directory on the way they may not search, or
/// the path itself when they lack the permission it needs. Statuses are cached, so walking many files under the
/// same directories costs one <c>lstat</c> per distinct path.
/// </summary>
/// <remarks>
/// What cannot be judged is not reported: a missing path, a name under something that is not a directory, a loop
/// of links (the program or <c>ChangeDirectory</c> report those with their own messages). A refusal on a path
/// that carries a POSIX ACL is not reported either: the ACL may grant what the mode bits do not, and ACLs are not
/// evaluated here.
/// </remarks>
internal sealed class PathWalk(Credentials credentials)
{
    /// <summary>How many symbolic links one walk follows at most, as the kernel (ELOOP).</summary>
    private const int MaxLinks = 40;

    private readonly Dictionary<string, FileStatus?> _statuses = new(StringComparer.Ordinal);

    /// <summary>The first refusal on the way to <paramref name="path"/> (made absolute) and at it; null when there is none.</summary>
    public Denial? FirstDenial(string path, Permission needed)
    {
        var remaining = new Stack<string>();
        Push(remaining, System.IO.Path.GetFullPath(path));
        var current = "/";
        var links = 0;
        while (remaining.TryPop(out var name))
        {
            // Every name is looked up in the directory reached so far, which takes search permission on it.
            if (Status(current) is not { Kind: FileKind.Directory } directory)
            {
                return null;
            }

            if (!Permits(current, directory, Permission.Search))
            {
                return new Denial(current, directory, Permission.Search, IsTarget: false);
            }

            if (name == ".")
            {
                continue;
            }

            if (name == "..")
            {
                // What was reached so far holds no link, so its parent is the lexical one.
                current = System.IO.Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var next = current == "/" ? "/" + name : current + "/" + name;
            switch (Status(next))
            {
                case null:
                    return null;
                case { Kind: FileKind.SymbolicLink }:
                    if (++links > MaxLinks || LinkTarget(next) is not { } target)
                    {
                        return null;
                    }

                    Push(remaining, target);
                    if (target.StartsWith('/'))
                    {
                        current = "/";
                    }

                    break;
                default:
                    current = next;
                    break;
            }
        }

        var status = Status(current);
        if (status is not { } reached || (needed == Permission.Search && reached.Kind != FileKind.Directory))
        {
            return null;
        }

        return Permits(current, reached, needed) ? null : new Denial(current, reached, needed, IsTarget: true);
    }

    private bool Permits(string path, FileStatus status, Permission needed) =>
        credentials.Allows(status, needed) || FileStatus.HasAccessAcl(path);

    private FileStatus? Status(string path)
    {
        if (!_statuses.TryGetValue(path, out var status))
        {
            status = FileStatus.OfLink(path);
            _statuses[path] = status;
        }

        return status;
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Puts the names of <paramref name="path"/> on the stack so that its first name comes off first.</summary>
    private static void Push(Stack<string> remaining, string path)
    {
        foreach (var name in path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
        {
            remaining.Push(name);
        }
    }

    /// <summary>Where a walk was refused.</summary>
    /// <param name="Path">The refusing path, links resolved: a directory on the way, or the walked path itself.</param>
    /// <param name="Status">Its mode, owner and group.</param>
    /// <param name="Needed">The permission the credentials lack there.</param>
    /// <param name="IsTarget">True when the walked path itself refused, false when a directory on the way did.</param>
    public sealed record Denial(string Path, FileStatus Status, Permission Needed, bool IsTarget);
}
