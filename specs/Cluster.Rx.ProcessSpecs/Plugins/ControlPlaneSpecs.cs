using System.Net;
using System.Text.Json.Nodes;
using Cluster.Rx.ProcessSpecs.Harness;

namespace Cluster.Rx.ProcessSpecs;

/// <summary>
/// The control plane together, as an operator uses it: <c>Plugins.Stats</c> behind <c>Plugins.Repl</c> (the SpecHost's
/// <c>STATS=1</c> and <c>REPL_PATH</c>) — the console's <c>stats()</c> counts every request sent, as text and as JSON,
/// and <c>shutdown()</c> stops the cluster gracefully.
/// </summary>
public sealed class ControlPlaneSpecs
{
    private const int Workers = 2;
    private const int Requests = 120;

    [Fact]
    public async Task ReplStats_CountsEveryRequestSent_AsTextAndJson_ThenShutdownStopsTheClusterGracefully()
    {
        using var scratch = new TempDirectory();
        var path = scratch.Combine("console.sock");
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = $"{Workers}", ["STATS"] = "1", ["REPL_PATH"] = path });
        var port = await cluster.PortAsync();
        var workers = await cluster.WorkersAsync(Workers);
        using var console = await ConsoleClient.ConnectAsync(path);

        Assert.Matches(@"(?m)^  stats\(\) +statistics of the master, the machine and every worker \(counts exact at the call\)$", await console.AskAsync("help()"));
        using (var client = Clients.Tcp(port))
        {
            for (var i = 0; i < Requests; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.FetchAsync()).Status);
            }
        }

        var text = await console.AskAsync("stats()");
        var json = JsonNode.Parse(await console.AskAsync("json stats()"))!;

        Assert.Contains("Master", text, StringComparison.Ordinal);
        Assert.Contains("Workers", text, StringComparison.Ordinal);
        Assert.True((bool)json["ok"]!, json.ToJsonString());
        var stats = json["result"]!;
        Assert.Equal(Requests, stats["master"]!["requests"]!.GetValue<long>());
        Assert.Equal(Requests, stats["workers"]!.AsArray().Sum(w => w!["requests"]!.GetValue<long>()));
        Assert.Equal(workers.Values.Order(), stats["workers"]!.AsArray().Select(w => w!["pid"]!.GetValue<int>()).Order());

        await console.SendAsync("shutdown()\n");
        Assert.Equal(0, await cluster.ExitCodeAsync());
        Assert.False(File.Exists(path), $"the console's socket {path} is left after the master closed");
    }
}
