using System.Buffers.Binary;
using System.Net.Sockets;

using Cluster.Rx.Serving;

namespace Cluster.Rx.Http.Interop;

/// <summary>
/// Reads the backlog a TCP socket listens with, so that Kestrel, which calls <c>listen()</c> again on the socket
/// it is given, keeps the master's <c>backlog</c> setting instead of raising it to its own default (512). A Unix
/// socket does not tell its backlog: in a worker, the master passes it in the environment (<c>CLUSTER_BACKLOG</c>).
/// </summary>
internal static class ListenBacklog
{
    private const int IpProtoTcp = 6;
    private const int TcpInfo = 11;
    private const byte TcpListenState = 10;

    // struct tcp_info: for a listening socket the kernel reports the backlog limit in tcpi_sacked.
    private const int StateOffset = 0;
    private const int SackedOffset = 28;

    /// <summary>The backlog of <paramref name="socket"/>, or null when it cannot be told.</summary>
    public static int? Read(Socket socket)
    {
        if (socket.ProtocolType != ProtocolType.Tcp)
        {
            return WorkerEnvironment.Read(Environment.GetEnvironmentVariable)?.Backlog;
        }

        Span<byte> info = stackalloc byte[256];
        int length;
        try
        {
            length = socket.GetRawSocketOption(IpProtoTcp, TcpInfo, info);
        }
        catch (SocketException)
        {
            return null;
        }

        if (length < SackedOffset + sizeof(uint) || info[StateOffset] != TcpListenState)
        {
            return null;
        }

        var backlog = BinaryPrimitives.ReadUInt32LittleEndian(info[SackedOffset..]);
        return backlog is > 0 and <= int.MaxValue ? (int)backlog : null;
    }
}
