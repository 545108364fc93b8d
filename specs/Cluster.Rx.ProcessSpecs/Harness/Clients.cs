using System.Globalization;
using System.Net.Sockets;

namespace Cluster.Rx.ProcessSpecs.Harness;

/// <summary>HTTP clients for a cluster: over TCP on 127.0.0.1, or over a Unix socket. Every request asks for a fresh connection.</summary>
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
    public static async Task<Reply> FetchAsync(this HttpClient client, string path = "/", CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.ConnectionClose = true;
        using var response = await client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new Reply(response.StatusCode, body, Header(response, "X-Worker-Pid"), Header(response, "X-Worker-Id"));
    }

    private static int Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : -1;
}
