using System.Net.Sockets;

namespace Cluster.Rx.Internal;

/// <summary>How a socket error is read by the loops that own a connection.</summary>
internal static class SocketErrors
{
    /// <summary>True when <paramref name="error"/> means the peer went away or the socket was closed under the loop, not a fault.</summary>
    // EPIPE surfaces as SocketError.Shutdown on Unix.
    public static bool IsResetOrAbort(SocketError error) => error
        is SocketError.ConnectionReset
        or SocketError.ConnectionAborted
        or SocketError.Shutdown
        or SocketError.OperationAborted
        or SocketError.Interrupted
        or SocketError.NotConnected;
}
