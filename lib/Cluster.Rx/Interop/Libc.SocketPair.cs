using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Cluster.Rx.Interop;

/// <content><c>socketpair(2)</c> for Unix stream sockets.</content>
internal static partial class Libc
{
    private const int AfUnix = 1;
    private const int SockStream = 1;
    private const int SockCloexec = 0x80000;

    /// <summary>A connected pair of Unix stream sockets, not inherited by the processes this one starts.</summary>
    /// <exception cref="IOException">socketpair failed.</exception>
    public static unsafe (Socket, Socket) SocketPair()
    {
        // SOCK_CLOEXEC: close-on-exec from the start, so a process started meanwhile on another thread never inherits them.
        var fds = stackalloc int[2];
        if (CreateSocketPair(AfUnix, SockStream | SockCloexec, 0, fds) != 0)
        {
            throw Failure("socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC)");
        }

        return (new Socket(new SafeSocketHandle(fds[0], ownsHandle: true)), new Socket(new SafeSocketHandle(fds[1], ownsHandle: true)));
    }

    [LibraryImport("libc", EntryPoint = "socketpair", SetLastError = true)]
    private static unsafe partial int CreateSocketPair(int domain, int type, int protocol, int* fds);
}
