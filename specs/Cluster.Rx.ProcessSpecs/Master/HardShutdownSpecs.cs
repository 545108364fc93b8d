using System.Diagnostics;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs.Master;

public sealed class HardShutdownSpecs
{
    // Far less than the graceful paths take (the slow request below runs 25 s, the timeout is 30 s), and enough for
    // a loaded 2-core machine to reap two killed processes.
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(Signum.SIGTERM)]
    [InlineData(Signum.SIGINT)]
    public async Task Hard_SignalToMaster_MasterAndWorkersGoneWithoutWaiting(Signum signal)
    {
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "2" });
        await cluster.PortAsync();
        var workers = await cluster.WorkersAsync(2);

        var clock = Stopwatch.StartNew();
        cluster.SignalMaster(signal);
        var exitCode = await cluster.ExitCodeAsync();
        await Eventually.AssertAsync(
            () => workers.Values.All(cluster.IsGone),
            Limits.Exit,
            () => $"workers still alive after {signal}\n{cluster.Describe()}");
        var elapsed = clock.Elapsed;

        Assert.Equal(0, exitCode);
        Assert.True(elapsed < Promptly, $"master and workers took {elapsed.TotalSeconds:0.00} s to go after {signal}\n{cluster.Describe()}");
        Assert.False(File.Exists(Path.Combine(cluster.Scratch, $"cluster.{cluster.Pid}.sock")), "the master left its IPC socket behind");
    }

    [Fact]
    public async Task Hard_SigtermDuringGracefulShutdown_KillsWithoutWaitingForRequests()
    {
        using var cluster = ClusterProcess.Start(["slow"], new() { ["WORKERS"] = "2", ["TIMEOUT"] = "30000" });
        var port = await cluster.PortAsync();
        var workers = await cluster.WorkersAsync(2);
        using var client = Clients.Tcp(port);
        var request = client.FetchAsync("/slow?ms=25000");
        await cluster.WaitForLineAsync(@"slow \d+ \d+ 25000");
        cluster.SignalMaster(Signum.SIGQUIT);
        await cluster.WaitForLineAsync("closing GracefulShutdown");

        var clock = Stopwatch.StartNew();
        cluster.SignalMaster(Signum.SIGTERM);
        var exitCode = await cluster.ExitCodeAsync();
        await Eventually.AssertAsync(
            () => workers.Values.All(cluster.IsGone),
            Limits.Exit,
            () => $"workers still alive after SIGTERM\n{cluster.Describe()}");
        var elapsed = clock.Elapsed;

        Assert.Equal(0, exitCode);
        Assert.True(elapsed < Promptly, $"master and workers took {elapsed.TotalSeconds:0.00} s to go after SIGTERM during a graceful shutdown\n{cluster.Describe()}");
        await Assert.ThrowsAnyAsync<Exception>(() => request.WaitAsync(Limits.Line));
    }

    [Fact]
    public async Task Hard_ABugOnTheMastersEventLoop_LoggedWithItsStack_WorkersKilled_Exit1_NothingLeftBehind()
    {
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "2", ["LOOP_FAULT"] = "1" });
        await cluster.PortAsync();
        var workers = (await cluster.WaitForLinesAsync(@"spawned \d+ (\d+)", 2))
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();

        Assert.Equal(1, await cluster.ExitCodeAsync());

        await cluster.WaitForErrorAsync(@"cluster: error: unexpected error in the master, shutting down \(workers are killed\): System\.InvalidOperationException: spec host: a bug on the master's loop");
        await cluster.WaitForLineAsync("closing HardShutdown");
        await cluster.WaitForLineAsync("closed 1");
        await Eventually.AssertAsync(
            () => workers.All(cluster.IsGone),
            Limits.Exit,
            () => $"workers outlived the master's fault\n{cluster.Describe()}");
        Assert.False(File.Exists(Path.Combine(cluster.Scratch, $"cluster.{cluster.Pid}.sock")), "the master left its IPC socket behind");
    }
}
