using Cluster.Rx.Interop;
using Cluster.Rx.Supervision;
using Mono.Unix.Native;

namespace Cluster.Rx.Specs.Supervision;

/// <summary>
/// A directory of files and directories with modes set by the spec, for evaluating access as another user. Its root
/// (mode 0755) sits under a temp directory every user can pass through — the system's, or /tmp when TMPDIR points
/// somewhere private — so only the modes a spec sets can refuse. Deleted on dispose.
/// </summary>
internal sealed class PermissionTree : IDisposable
{
    /// <summary>The credentials the specs evaluate: those of 'nobody' on Debian (uid and gid 65534), owner of nothing here.</summary>
    public static readonly Credentials Nobody = new(65534, [65534]);

    public PermissionTree()
    {
        var parent = IsPassable(Path.GetTempPath()) ? Path.GetTempPath() : "/tmp";
        Root = Path.Combine(parent, $"cluster-rx-access-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Root);
        Chmod(Root, "0755");
    }

    public string Root { get; }

    /// <summary>Creates the directory <paramref name="relative"/> under the root with <paramref name="mode"/> (octal, such as "0700").</summary>
    public string AddDirectory(string relative, string mode)
    {
        var path = Path.Combine(Root, relative);
        System.IO.Directory.CreateDirectory(path);
        Chmod(path, mode);
        return path;
    }

    /// <summary>Creates the file <paramref name="relative"/> under the root (its directory must exist) with <paramref name="mode"/>.</summary>
    public string AddFile(string relative, string mode)
    {
        var path = Path.Combine(Root, relative);
        System.IO.File.WriteAllText(path, "content");
        Chmod(path, mode);
        return path;
    }

    /// <summary>Creates a symbolic link <paramref name="relative"/> under the root pointing to <paramref name="target"/> (as given: absolute or relative).</summary>
    public string AddLink(string relative, string target)
    {
        var path = Path.Combine(Root, relative);
        System.IO.File.CreateSymbolicLink(path, target);
        return path;
    }

    /// <summary>The group id of <paramref name="path"/>: the group of whoever runs the specs.</summary>
    public static uint GroupOf(string path) => FileStatus.Of(path)!.Value.Group;

    public void Dispose()
    {
        try
        {
            Open(new DirectoryInfo(Root));
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp directory is harmless.
        }
    }

    /// <summary>Gives the directories back their owner's access, top down, so whoever runs the specs can delete them.</summary>
    private static void Open(DirectoryInfo directory)
    {
        Chmod(directory.FullName, "0755");
        foreach (var child in directory.EnumerateDirectories().Where(d => d.LinkTarget is null))
        {
            Open(child);
        }
    }

    /// <summary>chmod through Mono.Posix, as the library does: <paramref name="octal"/> such as "0700".</summary>
    private static void Chmod(string path, string octal) =>
        Assert.True(Syscall.chmod(path, (FilePermissions)Convert.ToUInt32(octal, 8)) == 0, $"chmod {octal} {path} failed: {Stdlib.GetLastError()}");

    /// <summary>True when every directory from / down to <paramref name="path"/> lets others pass (o+x).</summary>
    private static bool IsPassable(string path)
    {
        for (var directory = Path.GetFullPath(path); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (FileStatus.Of(directory) is not { Kind: FileKind.Directory } status || (status.Mode & 1) == 0)
            {
                return false;
            }
        }

        return true;
    }
}
