using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs.Harness;

/// <summary>A directory of a spec's own under the temp directory (short, for Unix socket paths); deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    /// <summary>A private directory (mode 0700, as <see cref="Directory.CreateTempSubdirectory"/> makes it).</summary>
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("cluster-rx-spec-").FullName;

    private TempDirectory(string path) => Path = path;

    public string Path { get; }

    /// <summary>
    /// A directory every user can read and pass through (mode 0755, under a temp directory others can pass through:
    /// the system's, or /tmp when TMPDIR is private), for a program that workers run as another user.
    /// </summary>
    public static TempDirectory Public()
    {
        var parent = IsPassable(System.IO.Path.GetTempPath()) ? System.IO.Path.GetTempPath() : "/tmp";
        var path = System.IO.Path.Combine(parent, $"cluster-rx-spec-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        Chmod(path, FilePermissions.ACCESSPERMS & ~(FilePermissions.S_IWGRP | FilePermissions.S_IWOTH));
        return new(path);
    }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Sets the mode of <paramref name="path"/> (a file or directory).</summary>
    public static void Chmod(string path, FilePermissions mode) =>
        Assert.True(Syscall.chmod(path, mode) == 0, $"chmod {Convert.ToString((int)mode, 8)} {path} failed: {Stdlib.GetLastError()}");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp directory is harmless.
        }
    }

    /// <summary>True when every directory from / down to <paramref name="path"/> lets others pass (o+x).</summary>
    private static bool IsPassable(string path)
    {
        for (var directory = System.IO.Path.GetFullPath(path); directory is not null; directory = System.IO.Path.GetDirectoryName(directory))
        {
            if (Syscall.stat(directory, out var stat) != 0 || (stat.st_mode & FilePermissions.S_IXOTH) == 0)
            {
                return false;
            }
        }

        return true;
    }
}
