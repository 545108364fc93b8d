using System.Globalization;
using System.Net;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs.Master;

public sealed class RespawnSpecs
{
    [Fact]
    public async Task Respawn_WorkerSigkilled_ReplacedWithSameIdAndNewPid()
    {
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "2" });
        var port = await cluster.PortAsync();
        var workers = await cluster.WorkersAsync(2);
        var from = cluster.Output.Count;

        cluster.SignalWorker(workers[0], Signum.SIGKILL);

        await cluster.WaitForLineAsync($"killed 0 {workers[0]} 137", from);
        var spawned = await cluster.WaitForLineAsync(@"spawned 0 (\d+)", from);
        var replacement = int.Parse(spawned.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.NotEqual(workers[0], replacement);
        await cluster.WaitForLineAsync($"connected 0 {replacement}", from);
        Assert.True(cluster.IsGone(workers[0]), $"the killed worker {workers[0]} is still alive\n{cluster.Describe()}");

        using var client = Clients.Tcp(port);
        for (var request = 0; request < 10; request++)
        {
            var reply = await client.FetchAsync("/");
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            Assert.Contains(reply.Pid, new[] { replacement, workers[1] });
        }
    }

    [Fact]
    public async Task WorkerSigkilled_TheDiagnosticFilesTheRuntimeLeftBehind_AreRemoved()
    {
        using var temp = new TempDirectory();
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "2", ["TMPDIR"] = temp.Path });
        var workers = await cluster.WorkersAsync(2);
        var from = cluster.Output.Count;
        // The runtime makes them where TMPDIR says: a diagnostic socket and two debugger pipes for each process.
        Assert.Equal(3, DiagnosticFilesOf(temp, workers[0]).Length);

        cluster.SignalWorker(workers[0], Signum.SIGKILL);

        await cluster.WaitForLineAsync($"killed 0 {workers[0]} 137", from);
        Assert.Empty(DiagnosticFilesOf(temp, workers[0]));
        Assert.Equal(3, DiagnosticFilesOf(temp, workers[1]).Length);
    }

    private static string[] DiagnosticFilesOf(TempDirectory directory, int pid) =>
        [.. Directory.GetFiles(directory.Path, $"dotnet-diagnostic-{pid}-*"), .. Directory.GetFiles(directory.Path, $"clr-debug-pipe-{pid}-*")];
}
