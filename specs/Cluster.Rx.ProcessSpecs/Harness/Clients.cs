using System.Globalization;
using System.Net.Sockets;

namespace Cluster.Rx.ProcessSpecs.Harness;

/// <summary>HTTP clients for a cluster: over TCP on 127.0.0.1, or over a Unix socket; requests on fresh or keep-alive connections.</summary>
internal static class Clients
{
    public static readonly TimeSpan RequestLimit = TimeSpan.FromSeconds(30);

    public static HttpClient Tcp(int port) =>
        new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = RequestLimit })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
            Timeout = RequestLimit,
        };

    public static HttpClient Unix(string path) =>
        new(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectTimeout = RequestLimit,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        {
            BaseAddress = new Uri("http://localhost/"),
            Timeout = RequestLimit,
        };

    /// <summary>GETs <paramref name="path"/> on a connection of its own (<c>Connection: close</c>), so requests spread over the workers.</summary>
    public static Task<Reply> FetchAsync(this HttpClient client, string path = "/", CancellationToken cancellationToken = default) =>
        SendAsync(client, path, keepAlive: false, cancellationToken);

    /// <summary>
    /// GETs <paramref name="path"/> on the client's pooled keep-alive connection when it has one, the way most real
    /// clients do: such a connection may sit idle in the pool while the worker at its other end stops.
    /// </summary>
    public static Task<Reply> FetchKeepAliveAsync(this HttpClient client, string path = "/", CancellationToken cancellationToken = default) =>
        SendAsync(client, path, keepAlive: true, cancellationToken);

    private static async Task<Reply> SendAsync(HttpClient client, string path, bool keepAlive, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.ConnectionClose = !keepAlive;
        using var response = await client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new Reply(response.StatusCode, body, Header(response, "X-Worker-Pid"), Header(response, "X-Worker-Id"), Header(response, "X-Master-Pid"));
    }

    private static int Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : -1;
}
