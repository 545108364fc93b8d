using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cluster.Rx.Http.Specs;

/// <summary>A standby's server: started (Kestrel up) but accepting nothing until it is admitted.</summary>
public sealed class HttpServerStandbySpecs
{
    private static readonly TimeSpan Bound = Loopback.Bound;

    [Fact]
    public async Task StartAsync_NotAdmittedYet_AcceptsNothing_ThenServesOnceAdmitted()
    {
        using var listener = Loopback.Listen();
        var admitted = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var copy = Loopback.Copy(listener);
        var context = new ListenContext(copy.Listener, copy.Backlog) { Admitted = admitted.Task };
        var server = HttpServer.Create(ctx => ctx.Response.WriteAsync("Hello World"));
        await server.StartAsync(context, CancellationToken.None).WaitAsync(Bound);
        try
        {
            // A connection made now stays in the shared queue: the master's own descriptor (another worker's) gets it.
            using (var early = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                await early.ConnectAsync(listener.LocalEndPoint!).WaitAsync(Bound);
                using var taken = await listener.AcceptAsync().WaitAsync(Bound);
                Assert.Equal(early.LocalEndPoint, taken.RemoteEndPoint);
            }

            admitted.SetResult(true);
            using var client = Loopback.Client(listener);
            Assert.Equal("Hello World", await Loopback.GetOnNewConnectionAsync(client, "/"));
            Assert.Equal(1, context.Activity.ConnectionsOpened);
        }
        finally
        {
            await server.StopAsync(CancellationToken.None).WaitAsync(Bound);
        }
    }

    [Fact]
    public async Task StartAsync_NotAdmittedYet_WarmsKestrelUp_WithoutTheAppAndUncounted()
    {
        using var listener = Loopback.Listen();
        var events = new LogEvents();
        var calls = 0;
        var admitted = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var copy = Loopback.Copy(listener);
        var context = new ListenContext(copy.Listener, copy.Backlog) { Admitted = admitted.Task };
        var server = HttpServer.Create(
            (WebApplication app) => app.Run(ctx =>
            {
                Interlocked.Increment(ref calls);
                return ctx.Response.WriteAsync("Hello World");
            }),
            build => events.AttachTo(build.Logging));

        await server.StartAsync(context, CancellationToken.None).WaitAsync(Bound);
        admitted.SetResult(false);
        await server.StopAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.True(events.Named("WarmedUp").IsCompleted);
        Assert.False(events.Named("WarmUpFailed").IsCompleted);
        Assert.Equal(0, Volatile.Read(ref calls));
        Assert.Equal((0, 0), (context.Activity.ConnectionsOpened, context.Activity.Requests));
    }

    [Fact]
    public async Task StartAsync_AdmittedAlready_DoesNotWarmUp()
    {
        using var listener = Loopback.Listen();
        var events = new LogEvents();
        var server = HttpServer.Create((WebApplication app) => app.Run(ctx => ctx.Response.WriteAsync("Hello World")), build => events.AttachTo(build.Logging));

        await server.StartAsync(Loopback.Copy(listener), CancellationToken.None).WaitAsync(Bound);
        await server.StopAsync(CancellationToken.None).WaitAsync(Bound);

        // A worker (not a standby) starts serving at once: its first request is its warm-up.
        Assert.False(events.Named("WarmedUp").IsCompleted);
    }

    [Fact]
    public async Task StopAsync_NeverAdmitted_StopsWithoutServing()
    {
        using var listener = Loopback.Listen();
        var copy = Loopback.Copy(listener);
        var context = new ListenContext(copy.Listener, copy.Backlog) { Admitted = Task.FromResult(false) };
        var server = HttpServer.Create(ctx => ctx.Response.WriteAsync("Hello World"));

        await server.StartAsync(context, CancellationToken.None).WaitAsync(Bound);
        await server.StopAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(0, context.Activity.ConnectionsOpened);
    }
}
