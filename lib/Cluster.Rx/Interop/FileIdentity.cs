using Mono.Unix.Native;

namespace Cluster.Rx.Interop;

/// <summary>Which file a path names (device and inode, as <c>lstat</c> tells), and whether it is a socket.</summary>
/// <param name="Device">The device the file is on.</param>
/// <param name="Inode">Its inode on that device.</param>
/// <param name="IsSocket">True for a Unix domain socket file.</param>
internal readonly record struct FileIdentity(ulong Device, ulong Inode, bool IsSocket)
{
    /// <summary>The identity of <paramref name="path"/> itself (a symbolic link as such); null when it does not exist or cannot be had.</summary>
    public static FileIdentity? Of(string path) =>
        Syscall.lstat(path, out var stat) == 0
            ? new(stat.st_dev, stat.st_ino, (stat.st_mode & FilePermissions.S_IFMT) == FilePermissions.S_IFSOCK)
            : null;

    /// <summary>True when <paramref name="other"/> names the same file.</summary>
    public bool IsSameFile(FileIdentity? other) => other is { } file && file.Device == Device && file.Inode == Inode;
}
