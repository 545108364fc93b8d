using System.Net;
using System.Net.Sockets;
using Cluster.Rx.Http.Interop;

namespace Cluster.Rx.Http.Specs.Interop;

public sealed class ListenBacklogSpecs
{
    [Fact]
    public void Read_ListeningTcpSocket_ReturnsItsBacklog()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Listen(37);

        Assert.Equal(37, ListenBacklog.Read(socket));
    }

    [Fact]
    public void Read_TcpSocketNotListening_ReturnsNull()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        Assert.Null(ListenBacklog.Read(socket));
    }

    [Fact]
    public void Read_UnixSocket_ReturnsNull()
    {
        var path = Path.Combine(Path.GetTempPath(), $"backlog-{Guid.NewGuid():N}.sock");
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Bind(new UnixDomainSocketEndPoint(path));
            socket.Listen(37);

            Assert.Null(ListenBacklog.Read(socket));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
