using System.Net;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs.Master;

public sealed class MasterDeathSpecs
{
    [Fact]
    public async Task MasterDeath_MasterSigkilled_WorkersExitOnTheirOwn()
    {
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "2" });
        await cluster.PortAsync();
        var workers = await cluster.WorkersAsync(2);

        cluster.SignalMaster(Signum.SIGKILL);

        Assert.Equal(137, await cluster.ExitCodeAsync());
        await Eventually.AssertAsync(
            () => workers.Values.All(cluster.IsGone),
            Limits.Exit,
            () => $"workers {string.Join(", ", workers.Values.Where(p => !cluster.IsGone(p)))} outlived their master\n{cluster.Describe()}");
    }

    [Fact]
    public async Task MasterDeath_RequestInFlight_WorkerAnswersItThenExits()
    {
        using var cluster = ClusterProcess.Start(["slow"], new() { ["WORKERS"] = "1", ["TIMEOUT"] = "20000" });
        var port = await cluster.PortAsync();
        var workers = await cluster.WorkersAsync(1);
        using var client = Clients.Tcp(port);
        var request = client.FetchAsync("/slow?ms=2000");
        await cluster.WaitForLineAsync(@"slow 0 \d+ 2000");

        cluster.SignalMaster(Signum.SIGKILL);

        // The worker notices the end of its IPC channel and stops gracefully: the request under way is answered.
        var reply = await request.WaitAsync(Limits.Line);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(workers[0], reply.Pid);
        await Eventually.AssertAsync(
            () => cluster.IsGone(workers[0]),
            Limits.Exit,
            () => $"worker {workers[0]} outlived its master\n{cluster.Describe()}");
    }
}
