using System.Net;
using System.Reactive.Concurrency;
using Cluster.Rx.Http.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cluster.Rx.Http.Specs;

/// <summary><see cref="HttpServer.Create(RequestDelegate)"/>'s server, Kestrel with no host around it, on a loopback socket.</summary>
public sealed class HandlerServerSpecs
{
    private static readonly TimeSpan Bound = Loopback.Bound;

    [Fact]
    public async Task ProcessRequest_HandlerThrows_Answers500_AndKestrelLogsTheError()
    {
        using var listener = Loopback.Listen();
        using var client = Loopback.Client(listener);
        var events = new LogEvents();
        var server = new HandlerServer(_ => throw new InvalidOperationException("broken handler"), () => LoggerFactory.Create(events.AttachTo));

        await server.StartAsync(Loopback.Copy(listener), CancellationToken.None).WaitAsync(Bound);
        try
        {
            using var response = await client.GetAsync("/").WaitAsync(Bound);

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            await events.Named("ApplicationError").WaitAsync(Bound);
        }
        finally
        {
            await server.StopAsync(CancellationToken.None).WaitAsync(Bound);
        }
    }

    [Fact]
    public async Task ProcessRequest_KeepAliveConnection_EachRequestHasAContextOfItsOwn()
    {
        using var listener = Loopback.Listen();
        using var client = Loopback.Client(listener);
        var server = new HandlerServer(ctx =>
        {
            var seen = ctx.Items.Count;
            ctx.Items["mine"] = ctx.Request.Path.Value;
            return ctx.Response.WriteAsync($"{ctx.Request.Path} {seen}");
        });

        await server.StartAsync(Loopback.Copy(listener), CancellationToken.None).WaitAsync(Bound);
        try
        {
            Assert.Equal("/a 0", await client.GetStringAsync("/a").WaitAsync(Bound));
            Assert.Equal("/b 0", await client.GetStringAsync("/b").WaitAsync(Bound));
            Assert.Equal(1, server.Connections);
        }
        finally
        {
            await server.StopAsync(CancellationToken.None).WaitAsync(Bound);
        }
    }

    [Fact]
    public async Task StopAsync_NoConnectionOpen_DoesNotWaitForTheDrainPeriod()
    {
        using var listener = Loopback.Listen();

        // A scheduler whose clock never moves: the drain period can only end if the drain does not wait for it.
        var server = new HandlerServer(ctx => ctx.Response.WriteAsync("ok"), scheduler: new HistoricalScheduler());
        await server.StartAsync(Loopback.Copy(listener), CancellationToken.None).WaitAsync(Bound);

        await server.StopAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public void DefaultLogging_WarningAndAbove_AsADefaultWebApplication()
    {
        using var loggers = new ConsoleOnFirstUse();
        var logger = loggers.CreateLogger("Microsoft.AspNetCore.Server.Kestrel");

        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
        Assert.True(logger.IsEnabled(LogLevel.Critical));
        Assert.False(logger.IsEnabled(LogLevel.None));
    }
}
