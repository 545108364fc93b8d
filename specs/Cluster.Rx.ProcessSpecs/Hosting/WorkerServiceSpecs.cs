using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs.Hosting;

/// <summary>A Generic Host with a BackgroundService clustered with <c>host.RunClusterAsync</c>: the SpecHost's <c>service</c> scenario.</summary>
public sealed class WorkerServiceSpecs
{
    [Fact]
    public async Task RunClusterAsync_BackgroundService_RunsOnceInEachOfTwoWorkers_AndBothStopOnSigquit_ExitZero()
    {
        using var cluster = ClusterProcess.Start(["service"], new() { ["Cluster__Workers"] = "2" });
        var workers = await cluster.WorkersAsync(2);
        var started = await cluster.WaitForLinesAsync(@"service started (\d+) (\d+)", 2);
        Assert.Equal(workers.Select(w => $"{w.Key} {w.Value}").Order(), started.Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}").Order());

        cluster.SignalMaster(Signum.SIGQUIT);

        Assert.Equal(0, await cluster.ExitCodeAsync());
        var stopped = cluster.Lines(@"service stopped (\d+) (\d+)");
        Assert.Equal(workers.Select(w => $"{w.Key} {w.Value}").Order(), stopped.Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}").Order());
        foreach (var (id, pid) in workers)
        {
            await cluster.WaitForLineAsync($"killed {id} {pid} 0");
        }

        Assert.Equal(2, cluster.Lines(@"service started \d+ \d+").Count);
    }

    [Fact]
    public async Task RunClusterAsync_HostThatStopsItself_EndsItsWorker_WhichIsReplaced()
    {
        using var cluster = ClusterProcess.Start(["service"], new() { ["CODE_WORKERS"] = "1", ["STOP_ITSELF"] = "1" });
        var first = (await cluster.WorkersAsync(1))[0];

        await cluster.WaitForLineAsync($"killed 0 {first} 1");
        var spawns = await cluster.WaitForLinesAsync(@"spawned 0 (\d+)", 2);
        Assert.NotEqual(first.ToString(System.Globalization.CultureInfo.InvariantCulture), spawns[1].Groups[1].Value);
        // Hosted, the worker's own lines go through the host's logger (the console, on stdout), with their event id.
        var logged = await cluster.WaitForLineAsync(@"fail: Cluster\.Rx\[(\d+)\]");
        Assert.Equal("802", logged.Groups[1].Value);
        await cluster.WaitForLineAsync($@"\s+worker 0 \(pid {first}\): the app stopped on its own; the worker exits and its master replaces it");
        cluster.SignalMaster(Signum.SIGQUIT);
        Assert.Equal(0, await cluster.ExitCodeAsync());
    }
}
