using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs;

/// <summary>
/// <c>Plugins.Stats(true, true)</c> with real processes (the SpecHost's <c>STATS=1</c>): the <c>stats</c> command
/// (SIGUSR1, printed as <c>stats JSON</c>) counts every request answered before it was called, and the master's
/// totals (printed as <c>totals REQUESTS CONNECTIONS</c>) stay exact across a roll of the workers, a graceful stop
/// and a zero-downtime restart.
/// </summary>
public sealed class PluginsStatsSpecs
{
    private const int Workers = 2;

    [Fact]
    public async Task Stats_TheStatsCommand_CountsEveryRequestSent()
    {
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = $"{Workers}", ["STATS"] = "1" });
        var port = await cluster.PortAsync();
        var workers = await cluster.WorkersAsync(Workers);

        await SendAsync(port, 100);
        var stats = await StatsAsync(cluster);

        Assert.Equal(100, Long(stats, "master", "requests"));
        Assert.Equal(100, Long(stats, "master", "connectionsTotal"));
        Assert.Equal(Workers, Long(stats, "master", "workers"));
        Assert.Equal(0, Long(stats, "master", "deaths"));
        Assert.Equal(workers.Values.Order(), stats["workers"]!.AsArray().Select(w => (int)w!["pid"]!.GetValue<long>()).Order());
        Assert.Equal(100, stats["workers"]!.AsArray().Sum(w => w!["requests"]!.GetValue<long>()));
        Assert.Equal(Environment.ProcessorCount, Long(stats, "resources", "cores"));

        cluster.SignalMaster(Signum.SIGQUIT);
        Assert.Equal(0, await cluster.ExitCodeAsync());
    }

    [Fact]
    public async Task Stats_ARollOfTheWorkersAndAGracefulStop_KeepTheMasterTotalsExact()
    {
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = $"{Workers}", ["STATS"] = "1" });
        var port = await cluster.PortAsync();
        await cluster.WorkersAsync(Workers);

        await SendAsync(port, 30);
        var from = cluster.Output.Count;
        cluster.SignalMaster(Signum.SIGHUP);
        await cluster.WaitForLinesAsync(@"removed \d+ \d+", Workers, from);
        await SendAsync(port, 20);
        var stats = await StatsAsync(cluster);

        Assert.Equal(50, Long(stats, "master", "requests"));
        Assert.Equal(20, stats["workers"]!.AsArray().Sum(w => w!["requests"]!.GetValue<long>()));
        Assert.Equal(0, Long(stats, "master", "deaths"));

        // Sent right before the stop: most of them reach the master only in the workers' last reports.
        await SendAsync(port, 10);
        cluster.SignalMaster(Signum.SIGQUIT);

        Assert.Equal(0, await cluster.ExitCodeAsync());
        await cluster.WaitForLineAsync("closed 0");
        Assert.Equal("totals 60 60", cluster.Lines(@"totals \d+ \d+")[^1].Value);
    }

    [Fact]
    public async Task Stats_AZeroDowntimeRestart_CarriesTheTotalsTheStartAndCountsTheRestart()
    {
        using var cluster = ClusterProcess.Start(
            ["http"],
            new() { ["WORKERS"] = $"{Workers}", ["STATS"] = "1", ["RESTART_THRESHOLD"] = "0", ["TIMEOUT"] = "20000" });
        var port = await cluster.PortAsync();
        await cluster.WorkersAsync(Workers);
        await SendAsync(port, 40);
        var before = await StatsAsync(cluster);
        var from = cluster.Output.Count;

        cluster.SignalMaster(Signum.SIGUSR2);
        var successor = int.Parse((await cluster.WaitForLineAsync(@"started (\d+)", from)).Groups[1].Value, CultureInfo.InvariantCulture);
        await cluster.WorkersAsync(Workers, from);
        Assert.Equal(0, await cluster.ExitCodeAsync(Limits.Restart));
        await cluster.WaitForLineAsync($@"restarted {cluster.Pid} \d+ .*", from);
        await SendAsync(port, 10);
        var after = await StatsAsync(cluster, successor);

        Assert.Equal(50, Long(after, "master", "requests"));
        Assert.Equal(1, Long(after, "master", "restarts"));
        Assert.Equal(successor, Long(after, "master", "pid"));
        Assert.Equal(before["master"]!["started"]!.GetValue<string>(), after["master"]!["started"]!.GetValue<string>());

        cluster.SignalMaster(successor, Signum.SIGQUIT);
        await cluster.WaitForLineAsync("closed 0", from);
    }

    /// <summary>Sends <paramref name="count"/> GETs, four at a time, each on a connection of its own; every one must answer 200.</summary>
    private static async Task SendAsync(int port, int count)
    {
        using var client = Clients.Tcp(port);
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.FetchAsync()).Status);
            }
        }));
    }

    /// <summary>Asks the master (the first one unless told) for its stats (SIGUSR1) and reads the answer's JSON.</summary>
    private static async Task<JsonNode> StatsAsync(ClusterProcess cluster, int? master = null)
    {
        var from = cluster.Output.Count;
        if (master is int pid)
        {
            cluster.SignalMaster(pid, Signum.SIGUSR1);
        }
        else
        {
            cluster.SignalMaster(Signum.SIGUSR1);
        }

        var line = await cluster.WaitForLineAsync(@"stats (\{.*\})", from);
        return JsonNode.Parse(line.Groups[1].Value) ?? throw new InvalidOperationException($"'{line.Value}' holds no JSON");
    }

    private static long Long(JsonNode stats, string section, string key) =>
        stats[section]?[key]?.GetValue<long>() ?? throw new InvalidOperationException($"the stats have no {section}.{key}: {stats.ToJsonString()}");
}
