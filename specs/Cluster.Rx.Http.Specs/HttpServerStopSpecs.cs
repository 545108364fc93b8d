using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cluster.Rx.Http.Specs;

/// <summary>How a server stops: gracefully while requests run, abortively when told to, and without leaking descriptors.</summary>
public sealed class HttpServerStopSpecs
{
    private static readonly TimeSpan Bound = Loopback.Bound;

    [Fact]
    public async Task StopAsync_SlowRequestsInFlight_LetsThemFinishWith200()
    {
        const int Requests = 3;
        using var listener = Loopback.Listen();
        using var client = Loopback.Client(listener);
        var entered = 0;
        var allEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = HttpServer.Create(app =>
        {
            app.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
            app.Run(async ctx =>
            {
                if (Interlocked.Increment(ref entered) == Requests)
                {
                    allEntered.TrySetResult();
                }

                await release.Task;
                await ctx.Response.WriteAsync("finished");
            });
        });
        await server.StartAsync(Loopback.Copy(listener), CancellationToken.None).WaitAsync(Bound);

        try
        {
            var responses = Enumerable.Range(0, Requests).Select(_ => client.GetAsync("/")).ToArray();
            await allEntered.Task.WaitAsync(Bound);

            var stop = server.StopAsync(CancellationToken.None);
            await stopping.Task.WaitAsync(Bound);
            Assert.False(stop.IsCompleted, "StopAsync completed while requests were still in flight");
            release.SetResult();

            foreach (var response in await Task.WhenAll(responses).WaitAsync(Bound))
            {
                using (response)
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    Assert.Equal("finished", await response.Content.ReadAsStringAsync().WaitAsync(Bound));
                }
            }

            await stop.WaitAsync(Bound);
            Assert.Equal(0, server.Connections);
        }
        finally
        {
            release.TrySetResult();
            await server.StopAsync(CancellationToken.None).WaitAsync(Bound);
        }
    }

    [Fact]
    public async Task StopAsync_CancelledToken_AbortsAHungRequestPromptly()
    {
        using var listener = Loopback.Listen();
        using var client = Loopback.Client(listener);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = HttpServer.Create(async ctx =>
        {
            entered.TrySetResult();
            await release.Task;
            await ctx.Response.WriteAsync("too late");
        });
        await server.StartAsync(Loopback.Copy(listener), CancellationToken.None).WaitAsync(Bound);

        try
        {
            var hung = client.GetAsync("/");
            await entered.Task.WaitAsync(Bound);

            var clock = Stopwatch.StartNew();
            await server.StopAsync(new CancellationToken(canceled: true)).WaitAsync(Bound);
            await Assert.ThrowsAsync<HttpRequestException>(() => hung.WaitAsync(Bound));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"aborting took {clock.Elapsed}");
        }
        finally
        {
            // The handler is left hung, as a hung handler would be: released, it would write to a disposed server.
            GC.KeepAlive(release);
        }
    }

    [Fact]
    public async Task StopAsync_AfterServing_ClosesEveryDescriptorOfTheSocketItHeld()
    {
        var listener = Loopback.Listen();
        var address = (IPEndPoint)listener.LocalEndPoint!;
        var copy = Loopback.Copy(listener);
        var server = HttpServer.Create(ctx => ctx.Response.WriteAsync("Hello World"));
        await server.StartAsync(copy, CancellationToken.None).WaitAsync(Bound);
        using (var client = Loopback.Client(listener))
        {
            Assert.Equal("Hello World", await client.GetStringAsync("/").WaitAsync(Bound));
        }

        await server.StopAsync(CancellationToken.None).WaitAsync(Bound);
        listener.Dispose();

        Assert.True(copy.Listener.SafeHandle.IsClosed, "the socket handed to StartAsync is still open");
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<SocketException>(() => probe.ConnectAsync(address).WaitAsync(Bound));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }
}
