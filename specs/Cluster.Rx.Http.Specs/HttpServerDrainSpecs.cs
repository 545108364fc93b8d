using System.Net;
using System.Net.Sockets;
using System.Reactive.Concurrency;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Cluster.Rx.Http.Internal;
using Microsoft.AspNetCore.Http;

namespace Cluster.Rx.Http.Specs;

/// <summary>
/// A graceful stop drains keep-alive connections: a client that sends its next request on an idle keep-alive
/// connection just as the worker starts stopping still gets a whole answer, marked <c>Connection: close</c>.
/// </summary>
public sealed class HttpServerDrainSpecs
{
    private static readonly TimeSpan Bound = Loopback.Bound;

    [Fact]
    public async Task StopAsync_KeepAliveClientSendsItsNextRequest_IsAnsweredBeforeKestrelStopsWithConnectionClose()
    {
        using var listener = Loopback.Listen();
        var server = HttpServer.Create((WebApplication app) => app.Use((HttpContext ctx, RequestDelegate _) =>
            ctx.Response.WriteAsync($"kestrel stopping={app.Lifetime.ApplicationStopping.IsCancellationRequested}")));
        await server.StartAsync(Loopback.Copy(listener), CancellationToken.None).WaitAsync(Bound);
        using var connection = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await connection.ConnectAsync((IPEndPoint)listener.LocalEndPoint!).WaitAsync(Bound);

        var first = await ExchangeAsync(connection);
        var stop = server.StopAsync(CancellationToken.None);
        var second = await ExchangeAsync(connection);
        await stop.WaitAsync(Bound);

        Assert.StartsWith("HTTP/1.1 200 OK", first);
        Assert.DoesNotContain("Connection: close", first);
        Assert.StartsWith("HTTP/1.1 200 OK", second);
        Assert.Contains("Connection: close", second);
        Assert.Contains("kestrel stopping=False", second);
        Assert.Equal(0, await connection.ReceiveAsync(new byte[1]).WaitAsync(Bound));
    }

    [Fact]
    public async Task StopAsync_ClientConnectsAsKestrelStops_ItsFirstRequestIsAnsweredByTheNextWorker()
    {
        using var listener = Loopback.Listen();
        using var late = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var events = new LogEvents();
        var decided = false;
        var old = HttpServer.Create(
            app =>
            {
                // Kestrel is about to stop (the drain is over). A client connects now; this worker either takes the
                // connection, and Kestrel then closes it before its request arrives, or has stopped accepting and
                // left it queued on the shared socket for the next worker.
                app.Lifetime.ApplicationStopping.Register(() =>
                {
                    late.Connect(listener.LocalEndPoint!);
                    decided = Task.WhenAny(events.Named("ConnectionAccepted"), events.Named("StoppedAccepting")).Wait(Bound);
                });
                app.Run(ctx => ctx.Response.WriteAsync("old worker"));
            },
            build => events.AttachTo(build.Logging));
        await old.StartAsync(Loopback.Copy(listener), CancellationToken.None).WaitAsync(Bound);

        await old.StopAsync(CancellationToken.None).WaitAsync(Bound);
        var next = HttpServer.Create(ctx => ctx.Response.WriteAsync("next worker"));
        await next.StartAsync(Loopback.Copy(listener), CancellationToken.None).WaitAsync(Bound);
        try
        {
            Assert.True(decided, "the old worker neither accepted the late connection nor said it stopped accepting");
            var response = await ExchangeAsync(late);

            Assert.StartsWith("HTTP/1.1 200 OK", response);
            Assert.Contains("next worker", response);
        }
        finally
        {
            await next.StopAsync(CancellationToken.None).WaitAsync(Bound);
        }
    }

    [Fact]
    public async Task StopAsync_NoConnectionOpen_DoesNotWaitForTheDrainPeriod()
    {
        using var listener = Loopback.Listen();

        // A scheduler whose clock never moves: the drain period can only end if the drain does not wait for it.
        var server = new KestrelServer(app => app.Use((HttpContext ctx, RequestDelegate _) => ctx.Response.WriteAsync("ok")), null, new HistoricalScheduler());
        await server.StartAsync(Loopback.Copy(listener), CancellationToken.None).WaitAsync(Bound);

        await server.StopAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(0, server.Connections);
    }

    /// <summary>Sends one keep-alive GET and reads its whole (chunked) response.</summary>
    private static async Task<string> ExchangeAsync(Socket connection)
    {
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray()).WaitAsync(Bound);
        var response = new StringBuilder();
        var buffer = new byte[4096];
        while (!response.ToString().EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await connection.ReceiveAsync(buffer).WaitAsync(Bound);
            Assert.True(read > 0, $"the connection ended before the response was whole: {response}");
            response.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return response.ToString();
    }
}
