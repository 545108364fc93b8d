using System.Net;
using System.Net.Sockets;
using Mono.Unix.Native;

namespace Cluster.Rx.Http.Specs;

/// <summary>Real loopback sockets and clients for the specs: port 0, so parallel runs never collide.</summary>
internal static class Loopback
{
    /// <summary>Every wait in the specs is bounded by this.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    /// <summary>A socket bound to 127.0.0.1 on an ephemeral port and listening, as the master binds it.</summary>
    public static Socket Listen()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Listen(128);
        return socket;
    }

    /// <summary>A second descriptor for the same kernel socket, as a worker inherits it, with the master's backlog.</summary>
    public static ListenContext Copy(Socket socket, int backlog = 128)
    {
        var fd = Syscall.dup(checked((int)socket.Handle));
        Assert.True(fd >= 0, $"dup failed: {Stdlib.GetLastError()}");
        return new ListenContext(new Socket(new SafeSocketHandle(fd, ownsHandle: true)), backlog);
    }

    /// <summary>The address of <paramref name="socket"/> as an http URL.</summary>
    public static Uri UrlOf(Socket socket) => new($"http://127.0.0.1:{((IPEndPoint)socket.LocalEndPoint!).Port}/");

    /// <summary>A client that never goes through a proxy and keeps its connections alive unless told otherwise.</summary>
    public static HttpClient Client(Socket socket) =>
        new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = UrlOf(socket), Timeout = Bound };

    /// <summary>GET <paramref name="path"/> on a connection of its own (Connection: close).</summary>
    public static async Task<string> GetOnNewConnectionAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.ConnectionClose = true;
        using var response = await client.SendAsync(request).WaitAsync(Bound);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync().WaitAsync(Bound);
    }
}
