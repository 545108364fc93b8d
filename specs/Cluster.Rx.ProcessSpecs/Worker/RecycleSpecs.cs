using System.Globalization;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;
using Xunit.Abstractions;

namespace Cluster.Rx.ProcessSpecs.Worker;

/// <summary>
/// Workers recycled past their limits, with real processes: the SpecHost's <c>webapp</c> scenario with
/// <c>CODE_MAX_REQUESTS</c>, <c>CODE_MAX_REQUESTS_JITTER</c>, <c>CODE_MAX_MEMORY</c> (and <c>CODE_ALLOCATE_MB</c>, a
/// worker that holds that much memory). Each recycle prints <c>recycled ID PID REASON DETAIL</c>.
/// </summary>
public sealed class RecycleSpecs(ITestOutputHelper output)
{
    private const int Recycles = 3;

    [Fact]
    public async Task MaxRequests_UnderSteadyLoad_WorkersAreRecycledSeveralTimes_AndNotOneRequestFails()
    {
        using var cluster = ClusterProcess.Start(
            ["webapp"],
            new()
            {
                ["CODE_WORKERS"] = "2",
                ["CODE_PORT"] = "0",
                ["CODE_MAX_REQUESTS"] = "300",
                ["CODE_MAX_REQUESTS_JITTER"] = "50",
                ["Cluster__Timeout"] = "20000",
            });
        var port = await cluster.PortAsync();
        var first = await cluster.WorkersAsync(2);
        await using var load = Load.Start(port);

        // Bounded: the load runs until three recycles have been seen and their successors serve (or the wait fails).
        var recycled = await cluster.WaitForLinesAsync(@"recycled (\d+) (\d+) MaxRequests (\d+) requests \(limit (\d+)\)", Recycles, limit: Limits.Restart);
        foreach (var line in recycled)
        {
            Assert.InRange(Number(line.Groups[4].Value), 300, 350);
            Assert.InRange(Number(line.Groups[3].Value), Number(line.Groups[4].Value), long.MaxValue);
        }

        var last = recycled[^1];
        await cluster.WaitForLineAsync($@"removed {last.Groups[1].Value} {last.Groups[2].Value}", limit: Limits.Restart);
        var mark = load.Mark();
        await load.WaitForSuccessesAsync(mark, 20, cluster.Describe);
        await load.StopAsync();

        load.AssertNoFailures(cluster.Describe);
        var pids = cluster.Lines(@"connected \d+ (\d+)").Select(m => Number(m.Groups[1].Value)).Distinct().ToList();
        Assert.True(pids.Count >= 2 + Recycles, $"expected new workers for {Recycles} recycles, saw pids {string.Join(", ", pids)}\n{cluster.Describe()}");
        Assert.Empty(cluster.Lines(@"restart failed .*"));
        Assert.Empty(cluster.Lines(@"killed \d+ \d+ [1-9]\d*"));
        output.WriteLine($"first workers {string.Join(", ", first.Values)}; {cluster.Lines("recycled .*").Count} recycles; load: {load.Describe()}");

        var end = cluster.Output.Count;
        cluster.SignalMaster(Signum.SIGQUIT);
        await cluster.WaitForLineAsync("closed 0", end, Limits.Restart);
    }

    [Fact]
    public async Task MaxMemory_AWorkerThatHoldsMoreMemory_IsRecycledWithReasonMaxMemory_ItsSuccessorServes()
    {
        const long MaxMemory = 200L * 1024 * 1024;
        using var cluster = ClusterProcess.Start(
            ["webapp"],
            new()
            {
                ["CODE_WORKERS"] = "1",
                ["CODE_PORT"] = "0",
                ["CODE_MAX_MEMORY"] = MaxMemory.ToString(CultureInfo.InvariantCulture),
                ["CODE_ALLOCATE_MB"] = "256",
            });
        var port = await cluster.PortAsync();
        var worker = (await cluster.WorkersAsync(1))[0];

        var recycled = await cluster.WaitForLineAsync($@"recycled 0 {worker} MaxMemory RSS ([\d.]+) MiB over 'max memory' 200 MiB");
        Assert.True(double.Parse(recycled.Groups[1].Value, CultureInfo.InvariantCulture) > 200, recycled.Value);
        await cluster.WaitForLineAsync($"removed 0 {worker}");
        using var client = Clients.Tcp(port);
        var reply = await client.FetchAsync("/");

        // Its successor (or, as every worker here holds the memory, a successor of that one) serves.
        Assert.NotEqual(worker, reply.Pid);
        Assert.Empty(cluster.Lines(@"restart failed .*"));

        var end = cluster.Output.Count;
        cluster.SignalMaster(Signum.SIGQUIT);
        await cluster.WaitForLineAsync("closed 0", end, Limits.Restart);
    }

    private static long Number(string text) => long.Parse(text, CultureInfo.InvariantCulture);
}
