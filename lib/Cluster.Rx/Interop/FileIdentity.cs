using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;

namespace Cluster.Rx.Interop;

/// <summary>
/// Which file an open handle reads (device and inode): a file replaced by a rename has another identity, even when
/// it holds the same text.
/// </summary>
/// <param name="Device">The device the file is on.</param>
/// <param name="Inode">Its inode number on that device.</param>
internal readonly record struct FileIdentity(ulong Device, ulong Inode)
{
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

            return new FileIdentity(stat.st_dev, stat.st_ino);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }
}
