using System.Buffers.Binary;
using System.Net.Sockets;

namespace Cluster.Rx.Http.Specs.Interop;

/// <summary>
/// Reads the backlog a TCP socket listens with (the kernel reports it in <c>tcp_info</c>), so the specs can tell
/// that Kestrel, which calls <c>listen()</c> again on the socket it is given, kept the master's backlog.
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
            return null;
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
