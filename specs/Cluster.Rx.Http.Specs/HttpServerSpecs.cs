using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Cluster.Rx.Http.Internal;
using Cluster.Rx.Http.Specs.Interop;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cluster.Rx.Http.Specs;

public sealed class HttpServerSpecs
{
    private static readonly TimeSpan Bound = Loopback.Bound;

    [Fact]
    public void Create_NullArguments_ThrowArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>("handler", () => HttpServer.Create((RequestDelegate)null!));
        Assert.Throws<ArgumentNullException>("configure", () => HttpServer.Create((Action<WebApplication>)null!));
        Assert.Throws<ArgumentNullException>("configure", () => HttpServer.Create(null!, _ => { }));
    }

    [Fact]
    public async Task StartAsync_NullListener_ThrowsArgumentNullException()
    {
        var server = HttpServer.Create(ctx => ctx.Response.WriteAsync("Hello World"));

        await Assert.ThrowsAsync<ArgumentNullException>("context", () => server.StartAsync(null!, CancellationToken.None)).WaitAsync(Bound);
    }

    [Fact]
    public async Task StartAsync_LoopbackListeningSocket_ServesTheHandlersResponse()
    {
        using var listener = Loopback.Listen();
        using var client = Loopback.Client(listener);
        var server = HttpServer.Create(ctx => ctx.Response.WriteAsync("Hello World"));

        await server.StartAsync(Loopback.Copy(listener), CancellationToken.None).WaitAsync(Bound);
        try
        {
            Assert.Equal("Hello World", await client.GetStringAsync("/").WaitAsync(Bound));
        }
        finally
        {
            await server.StopAsync(CancellationToken.None).WaitAsync(Bound);
        }
    }

    [Fact]
    public async Task StopAsync_AfterRequests_TheActivityCountsEveryRequestAndConnection()
    {
        using var listener = Loopback.Listen();
        using var client = Loopback.Client(listener);
        var server = HttpServer.Create(ctx => ctx.Response.WriteAsync("Hello World"));
        var context = Loopback.Copy(listener);

        await server.StartAsync(context, CancellationToken.None).WaitAsync(Bound);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("Hello World", await client.GetStringAsync("/").WaitAsync(Bound));
        }

        await server.StopAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(3, context.Activity.Requests);
        Assert.InRange(context.Activity.ConnectionsOpened, 1, 3);
        Assert.Equal(context.Activity.ConnectionsOpened, context.Activity.ConnectionsClosed);
        Assert.Equal(0, context.Activity.ActiveConnections);
    }

    [Fact]
    public async Task StartAsync_ConfiguredApp_ServesItsRoutesAndServices()
    {
        using var listener = Loopback.Listen();
        using var client = Loopback.Client(listener);
        var server = HttpServer.Create(
            app => app.MapGet("/greeting", (Greeting greeting) => greeting.Text),
            build => build.Services.AddSingleton(new Greeting("hello from a service")));

        await server.StartAsync(Loopback.Copy(listener), CancellationToken.None).WaitAsync(Bound);
        try
        {
            Assert.Equal("hello from a service", await client.GetStringAsync("/greeting").WaitAsync(Bound));
            using var missing = await client.GetAsync("/elsewhere").WaitAsync(Bound);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
        finally
        {
            await server.StopAsync(CancellationToken.None).WaitAsync(Bound);
        }
    }

    [Fact]
    public async Task StartAsync_DefaultBuilder_LogsWarningsOnlyAndLeavesSignalsToTheWorker()
    {
        using var listener = Loopback.Listen();
        WebApplication? built = null;
        var server = HttpServer.Create(app =>
        {
            built = app;
            app.Run(ctx => ctx.Response.WriteAsync("Hello World"));
        });

        await server.StartAsync(Loopback.Copy(listener), CancellationToken.None).WaitAsync(Bound);
        try
        {
            Assert.NotNull(built);
            Assert.IsType<NoSignalsLifetime>(built.Services.GetRequiredService<IHostLifetime>());
            var logger = built.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics");
            Assert.False(logger.IsEnabled(LogLevel.Information));
            Assert.True(logger.IsEnabled(LogLevel.Warning));
        }
        finally
        {
            await server.StopAsync(CancellationToken.None).WaitAsync(Bound);
        }
    }

    [Fact]
    public async Task StartAsync_BuildCallbackLowersTheLogLevel_LogsInformation()
    {
        using var listener = Loopback.Listen();
        WebApplication? built = null;
        var server = HttpServer.Create(
            app =>
            {
                built = app;
                app.Run(ctx => ctx.Response.WriteAsync("Hello World"));
            },
            build => build.Logging.SetMinimumLevel(LogLevel.Information));

        await server.StartAsync(Loopback.Copy(listener), CancellationToken.None).WaitAsync(Bound);
        try
        {
            Assert.NotNull(built);
            Assert.True(built.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Any").IsEnabled(LogLevel.Information));
        }
        finally
        {
            await server.StopAsync(CancellationToken.None).WaitAsync(Bound);
        }
    }

    [Fact]
    public async Task StartAsync_TwoCopiesOfOneSocket_BothServeAndTheSurvivorAcceptsAfterTheOtherStops()
    {
        using var listener = Loopback.Listen();
        using var client = Loopback.Client(listener);
        var first = HttpServer.Create(ctx => ctx.Response.WriteAsync("first"));
        var second = HttpServer.Create(ctx => ctx.Response.WriteAsync("second"));
        await first.StartAsync(Loopback.Copy(listener), CancellationToken.None).WaitAsync(Bound);
        await second.StartAsync(Loopback.Copy(listener), CancellationToken.None).WaitAsync(Bound);
        try
        {
            var answered = new HashSet<string>();
            var clock = Stopwatch.StartNew();
            while (answered.Count < 2 && clock.Elapsed < Bound)
            {
                answered.Add(await Loopback.GetOnNewConnectionAsync(client, "/"));
            }

            Assert.Equal(["first", "second"], answered.Order());

            await first.StopAsync(CancellationToken.None).WaitAsync(Bound);

            for (var i = 0; i < 20; i++)
            {
                Assert.Equal("second", await Loopback.GetOnNewConnectionAsync(client, "/"));
            }
        }
        finally
        {
            await first.StopAsync(CancellationToken.None).WaitAsync(Bound);
            await second.StopAsync(CancellationToken.None).WaitAsync(Bound);
        }
    }

    [Fact]
    public async Task Connections_OpenKeepAliveConnection_CountsIt()
    {
        using var listener = Loopback.Listen();
        var server = HttpServer.Create(ctx => ctx.Response.WriteAsync("Hello World"));
        await server.StartAsync(Loopback.Copy(listener), CancellationToken.None).WaitAsync(Bound);

        try
        {
            Assert.Equal(0, server.Connections);
            using (var client = Loopback.Client(listener))
            {
                Assert.Equal("Hello World", await client.GetStringAsync("/").WaitAsync(Bound));
                Assert.Equal(1, server.Connections);
                Assert.Equal("Hello World", await client.GetStringAsync("/").WaitAsync(Bound));
                Assert.Equal(1, server.Connections);
            }

            await server.StopAsync(CancellationToken.None).WaitAsync(Bound);
            Assert.Equal(0, server.Connections);
        }
        finally
        {
            await server.StopAsync(CancellationToken.None).WaitAsync(Bound);
        }
    }

    [Fact]
    public async Task StartAsync_ListenerWithItsOwnBacklog_KeepsThatBacklog()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(37);
        var server = HttpServer.Create(ctx => ctx.Response.WriteAsync("Hello World"));

        await server.StartAsync(Loopback.Copy(listener, backlog: 37), CancellationToken.None).WaitAsync(Bound);
        try
        {
            Assert.Equal(37, ListenBacklog.Read(listener));
        }
        finally
        {
            await server.StopAsync(CancellationToken.None).WaitAsync(Bound);
        }
    }

    [Fact]
    public async Task StartAsync_ConfigureThrows_RethrowsAndClosesEveryDescriptorOfTheSocket()
    {
        var listener = Loopback.Listen();
        var address = (IPEndPoint)listener.LocalEndPoint!;
        var copy = Loopback.Copy(listener);
        var server = HttpServer.Create((WebApplication _) => throw new InvalidOperationException("no routes today"));

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync(copy, CancellationToken.None)).WaitAsync(Bound);
        listener.Dispose();

        Assert.Equal("no routes today", thrown.Message);
        Assert.True(copy.Listener.SafeHandle.IsClosed, "the socket handed to StartAsync is still open");
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(() => probe.ConnectAsync(address).WaitAsync(Bound));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact]
    public async Task StartAsync_Twice_ThrowsInvalidOperationException()
    {
        using var listener = Loopback.Listen();
        var server = HttpServer.Create(ctx => ctx.Response.WriteAsync("Hello World"));
        await server.StartAsync(Loopback.Copy(listener), CancellationToken.None).WaitAsync(Bound);

        try
        {
            var copy = Loopback.Copy(listener);
            using var socket = copy.Listener;
            await Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync(copy, CancellationToken.None)).WaitAsync(Bound);
        }
        finally
        {
            await server.StopAsync(CancellationToken.None).WaitAsync(Bound);
        }
    }

    private sealed record Greeting(string Text);
}
