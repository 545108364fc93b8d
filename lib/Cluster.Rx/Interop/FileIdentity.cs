using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;

namespace Cluster.Rx.Interop;

/// <summary>
/// Which file a path or an open handle names (device and inode), and whether it is a socket: a file replaced by a
/// rename has another identity, even when it holds the same text.
/// </summary>
/// <param name="Device">The device the file is on.</param>
/// <param name="Inode">Its inode number on that device.</param>
/// <param name="IsSocket">True for a Unix domain socket file.</param>
internal readonly record struct FileIdentity(ulong Device, ulong Inode, bool IsSocket)
{
    /// <summary>The identity of <paramref name="path"/> itself (a symbolic link as such); null when it does not exist or cannot be had.</summary>
    public static FileIdentity? Of(string path) =>
        Syscall.lstat(path, out var stat) == 0 ? From(stat) : null;

    /// <summary>The identity of the file <paramref name="handle"/> has open.</summary>
    /// <exception cref="IOException">fstat failed.</exception>
    public static FileIdentity Of(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (Syscall.fstat((int)handle.DangerousGetHandle(), out var stat) != 0)
            {
                var errno = Stdlib.GetLastError();
                throw new IOException($"fstat failed: {errno} ({Syscall.strerror(errno)})");
            }

            return From(stat);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>True when <paramref name="other"/> names the same file.</summary>
    public bool IsSameFile(FileIdentity? other) => other is { } file && file.Device == Device && file.Inode == Inode;

    private static FileIdentity From(Stat stat) =>
        new(stat.st_dev, stat.st_ino, (stat.st_mode & FilePermissions.S_IFMT) == FilePermissions.S_IFSOCK);
}
