using System.Globalization;
using System.Net;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs;

/// <summary>
/// The plugin seam with real processes, through the SpecHost's seam plugin (<c>SEAM_PLUGIN</c>): workers' output
/// reaches a plugin with the worker's id and still passes through, a typed channel carries messages both ways, a
/// signal reaches the plugin, the server's activity is counted, a plugin's bug on the loop is logged, a plugin that
/// fails to attach stops the master before any worker, and a plugin can answer Run.
/// </summary>
public sealed class SeamSpecs
{
    [Fact]
    public async Task Seam_OutputChannelsSignalsAndActivity_ReachThePlugin()
    {
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "2", ["SEAM_PLUGIN"] = "1" });
        var port = await cluster.PortAsync();
        await cluster.WorkersAsync(2);

        foreach (var id in new[] { 0, 1 })
        {
            await cluster.WaitForLineAsync($"message {id} hello {id}");
            await cluster.WaitForLineAsync($"output {id} Stdout worker {id} got echo hello {id}");
            await cluster.WaitForLineAsync($"worker {id} got echo hello {id}");
            await cluster.WaitForLineAsync($"output {id} Stderr worker {id} complains echo hello {id}");
            await cluster.WaitForErrorAsync($"worker {id} complains echo hello {id}");
        }

        await cluster.WaitForErrorAsync(@"cluster: error: plugin 'seam' threw on the master's loop; the master goes on: System.InvalidOperationException: spec host: the seam plugin's bug");

        using var client = Clients.Tcp(port);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.FetchAsync()).Status);
        }

        // A request is counted once its handler has finished, a moment after the client has the answer: ask again
        // (each round waits for both reports) until they add up.
        var counted = 0;
        for (var round = 0; round < 50 && counted != 3; round++)
        {
            var from = cluster.Output.Count;
            cluster.SignalMaster(Signum.SIGUSR1);
            await cluster.WaitForLineAsync("signal SIGUSR1", from);
            var reports = await cluster.WaitForLinesAsync(@"message \d requests (\d+)", 2, from);
            counted = reports.Sum(r => int.Parse(r.Groups[1].Value, CultureInfo.InvariantCulture));
        }

        Assert.Equal(3, counted);

        cluster.SignalMaster(Signum.SIGQUIT);
        Assert.Equal(0, await cluster.ExitCodeAsync());
    }

    [Fact]
    public async Task Seam_APluginThatFailsToAttach_StopsTheMasterBeforeAnyWorker()
    {
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "2", ["SEAM_PLUGIN"] = "fail" });

        Assert.Equal(1, await cluster.ExitCodeAsync());
        await cluster.WaitForErrorAsync("cluster: error: plugin 'seam' failed to start: spec host: the seam plugin cannot start");
        Assert.Empty(cluster.Lines(@"spawned .*"));
    }

    [Fact]
    public async Task Seam_APluginThatAnswersRun_StartsNoMaster()
    {
        using var cluster = ClusterProcess.Start(["http", "--answer"], new() { ["SEAM_PLUGIN"] = "answer" });

        Assert.Equal(42, await cluster.ExitCodeAsync());
        await cluster.WaitForLineAsync("answered http --answer");
        Assert.Empty(cluster.Lines(@"started .*"));
    }
}
