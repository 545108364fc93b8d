using System.Diagnostics;
using System.Globalization;
using System.Net;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs.Master;

public sealed class GracefulShutdownSpecs
{
    [Fact]
    public async Task Graceful_SigquitWithSlowRequestsInFlight_AnswersEveryOneAndExitsZero()
    {
        using var cluster = ClusterProcess.Start(["slow"], new() { ["WORKERS"] = "2", ["TIMEOUT"] = "20000" });
        var port = await cluster.PortAsync();
        var workers = await cluster.WorkersAsync(2);
        using var client = Clients.Tcp(port);

        const int InFlight = 4;
        var requests = Enumerable.Range(0, InFlight).Select(_ => client.FetchAsync("/slow?ms=3000")).ToArray();
        await cluster.WaitForLinesAsync(@"slow \d+ \d+ 3000", InFlight);
        cluster.SignalMaster(Signum.SIGQUIT);

        var replies = await Task.WhenAll(requests).WaitAsync(Limits.Line);
        Assert.All(replies, reply => Assert.Equal(HttpStatusCode.OK, reply.Status));
        Assert.Equal(0, await cluster.ExitCodeAsync());
        await cluster.WaitForLineAsync("closed 0");

        // Each worker that had requests under way said how many connections it waited for, first thing.
        foreach (var busy in replies.GroupBy(r => r.Id))
        {
            var waiting = await cluster.WaitForLineAsync($@"waiting {busy.Key} (\d+)");
            Assert.Equal(busy.Count().ToString(CultureInfo.InvariantCulture), waiting.Groups[1].Value);
        }

        Assert.False(File.Exists(Path.Combine(cluster.Scratch, $"cluster.{cluster.Pid}.sock")), "the master left its IPC socket behind");
        await Eventually.AssertAsync(
            () => cluster.WorkerPids.All(cluster.IsGone),
            Limits.Exit,
            () => $"workers still alive after the master closed\n{cluster.Describe()}");
        Assert.Equal(workers.Values.Order(), cluster.WorkerPids.Order());
    }

    [Fact]
    public async Task Graceful_RequestLongerThanTimeout_ReportsTimeoutAndExitsAnyway()
    {
        const int TimeoutMs = 1000;
        using var cluster = ClusterProcess.Start(["slow"], new() { ["WORKERS"] = "1", ["TIMEOUT"] = $"{TimeoutMs}" });
        var port = await cluster.PortAsync();
        await cluster.WorkersAsync(1);
        using var client = Clients.Tcp(port);

        var request = client.FetchAsync("/slow?ms=25000");
        await cluster.WaitForLineAsync(@"slow 0 \d+ 25000");
        var clock = Stopwatch.StartNew();
        cluster.SignalMaster(Signum.SIGQUIT);

        await cluster.WaitForLineAsync("timeout 0");
        Assert.Equal(0, await cluster.ExitCodeAsync(TimeSpan.FromMilliseconds(TimeoutMs) + TimeSpan.FromSeconds(6)));
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(TimeoutMs) + TimeSpan.FromSeconds(6), $"the master took {clock.Elapsed.TotalSeconds:0.0} s to exit");

        // The request that outlived the timeout was cut off, not answered.
        Reply? reply = null;
        Exception? failure = null;
        try
        {
            reply = await request.WaitAsync(Limits.Line);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            failure = e;
        }

        Assert.True(failure is not null, $"the request that outlived the timeout was answered: HTTP {(int?)reply?.Status}\n{cluster.Describe()}");
        await Eventually.AssertAsync(
            () => cluster.WorkerPids.All(cluster.IsGone),
            Limits.Exit,
            () => $"workers still alive after the master closed\n{cluster.Describe()}");
    }

    [Fact]
    public async Task Graceful_WorkerThatCannotExit_KilledAfterTimeoutAndMasterExits()
    {
        const int TimeoutMs = 1000;
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "1", ["TIMEOUT"] = $"{TimeoutMs}" });
        var port = await cluster.PortAsync();
        var workers = await cluster.WorkersAsync(1);
        using var client = Clients.Tcp(port);
        Assert.Equal(HttpStatusCode.OK, (await client.FetchAsync("/hang")).Status);
        await cluster.WaitForLineAsync($"hang 0 {workers[0]}");

        var clock = Stopwatch.StartNew();
        cluster.SignalMaster(Signum.SIGQUIT);

        // The worker finishes its graceful stop but a foreground thread keeps the process alive: the master kills it.
        await cluster.WaitForLineAsync($"killed 0 {workers[0]} 137");
        Assert.Equal(0, await cluster.ExitCodeAsync(TimeSpan.FromMilliseconds(TimeoutMs) + TimeSpan.FromSeconds(10)));
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(TimeoutMs) + TimeSpan.FromSeconds(10), $"the master took {clock.Elapsed.TotalSeconds:0.0} s to exit");
        await cluster.WaitForErrorAsync($@"cluster: warning: worker 0 \(pid {workers[0]}\) did not exit within the timeout.*");
    }

    [Fact]
    public async Task Graceful_SigquitWhileWorkersStart_ExitsZeroWithoutStrays()
    {
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "2", ["TIMEOUT"] = "10000" });
        await cluster.WaitForLinesAsync(@"spawned \d+ \d+", 2);

        cluster.SignalMaster(Signum.SIGQUIT);

        Assert.Equal(0, await cluster.ExitCodeAsync());
        await cluster.WaitForLineAsync("closed 0");
        Assert.Equal(2, cluster.WorkerPids.Count);
        await Eventually.AssertAsync(
            () => cluster.WorkerPids.All(cluster.IsGone),
            Limits.Exit,
            () => $"workers still alive after the master closed\n{cluster.Describe()}");
    }
}
