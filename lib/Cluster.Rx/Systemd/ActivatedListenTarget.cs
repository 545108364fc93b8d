using System.Net.Sockets;
using Cluster.Rx.Internal;
using Cluster.Rx.Supervision;

namespace Cluster.Rx.Systemd;

/// <summary>
/// The socket systemd passed on fd 3, in place of what <c>Listen</c> declared (<paramref name="Declared"/>): "binding"
/// adopts it, after checking that it is a listening stream socket; nothing is bound, and nothing is removed from disk
/// at the end (the socket, and its file, are systemd's). Its address is the socket's own.
/// </summary>
/// <param name="Declared">What <c>Listen</c> declared, for the log line.</param>
/// <param name="Fds">How many sockets systemd passed (<c>LISTEN_FDS</c>); 0 in a replacement master, which inherits the socket instead.</param>
/// <param name="Names">Their names (<c>LISTEN_FDNAMES</c>), or null.</param>
/// <param name="Log">The master's log.</param>
internal sealed record ActivatedListenTarget(ListenTarget Declared, int Fds, string? Names, ClusterLog Log) : ListenTarget
{
    /// <exception cref="ClusterException">fd 3 is not a listening stream socket.</exception>
    public override Socket Bind(int backlog)
    {
        var fd = SocketActivation.FirstFd;
        var socket = Adopt(fd);
        var name = Names?.Split(':')[0] is { Length: > 0 } first ? $" ('{first}')" : string.Empty;
        if (Fds > 1)
        {
            Log.Write(LogEvents.ActivationExtraSockets, Fds, $"fd {fd}{name}", fd + 1, fd + Fds - 1);
            SocketActivation.KeepFromChildren(fd + 1, Fds - 1);
        }

        Log.Write(LogEvents.SocketActivated, $"fd {fd}{name}", socket.LocalEndPoint, Describe(Declared));
        return socket;
    }

    private static Socket Adopt(int fd)
    {
        var fix = $"unset {SystemdEnvironment.ListenFdsVariable} and {SystemdEnvironment.ListenPidVariable}, or pass a listening socket there (ListenStream= in the service's .socket unit)";
        Socket probe;
        try
        {
            // Not owned: when fd 3 is something else, it is not ours to close.
            probe = new Socket(new SafeSocketHandle(fd, ownsHandle: false));
        }
        catch (SocketException e)
        {
            throw new ClusterException($"{SystemdEnvironment.ListenFdsVariable} says systemd passed a socket on fd {fd}, but fd {fd} is not a socket ({e.Message}); {fix}", e);
        }

        using (probe)
        {
            if (probe.SocketType == SocketType.Unknown)
            {
                // .NET wraps any descriptor; a socket's type is what getsockopt(SO_TYPE) finds, and a file has none.
                throw new ClusterException($"{SystemdEnvironment.ListenFdsVariable} says systemd passed a socket on fd {fd}, but fd {fd} is not a socket; {fix}");
            }

            if (probe.SocketType != SocketType.Stream)
            {
                throw new ClusterException($"{SystemdEnvironment.ListenFdsVariable} says systemd passed a socket on fd {fd}, but it is a {probe.SocketType} socket, not a stream socket; {fix}");
            }

            if (probe.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.AcceptConnection) is not int accepting || accepting == 0)
            {
                throw new ClusterException($"{SystemdEnvironment.ListenFdsVariable} says systemd passed a socket on fd {fd}, but that socket is not listening; {fix}");
            }
        }

        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }

    private static string Describe(ListenTarget target) => target switch
    {
        Tcp tcp => $"{tcp.Host ?? "*"}:{tcp.Port}",
        Unix unix => unix.Path,
        _ => target.ToString(),
    };
}
