using System.Runtime.InteropServices;

namespace Cluster.Rx.Interop;

/// <content><c>fcntl(2)</c> with an integer argument.</content>
internal static partial class Libc
{
    private const int FGetFd = 1;
    private const int FSetFd = 2;
    private const int FdCloexec = 1;
    private const int FGetFl = 3;
    private const int FSetFl = 4;
    private const int ONonBlock = 0x800;
    private const int FSetPipeSize = 1031;

    /// <summary>Asks for a pipe buffer of <paramref name="bytes"/>; false when the kernel refuses (over <c>/proc/sys/fs/pipe-max-size</c> for an unprivileged process).</summary>
    public static bool TrySetPipeSize(int fd, int bytes) => Fcntl(fd, FSetPipeSize, bytes) >= 0;

    /// <summary>Sets or clears FD_CLOEXEC: a descriptor without it is inherited by the processes this one starts.</summary>
    /// <exception cref="IOException">fcntl failed.</exception>
    public static void SetCloseOnExec(int fd, bool closeOnExec)
    {
        var flags = Fcntl(fd, FGetFd, 0);
        if (flags < 0 || Fcntl(fd, FSetFd, closeOnExec ? flags | FdCloexec : flags & ~FdCloexec) < 0)
        {
            throw Failure($"fcntl({fd}, F_SETFD, {(closeOnExec ? "FD_CLOEXEC" : "0")})");
        }
    }

    /// <summary>Makes reads from <paramref name="fd"/> return at once when there is nothing to read.</summary>
    /// <exception cref="IOException">fcntl failed.</exception>
    public static void SetNonBlocking(int fd)
    {
        var flags = Fcntl(fd, FGetFl, 0);
        if (flags < 0 || Fcntl(fd, FSetFl, flags | ONonBlock) < 0)
        {
            throw Failure($"fcntl({fd}, F_SETFL, O_NONBLOCK)");
        }
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);
}
