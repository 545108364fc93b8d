using System.Diagnostics;
using System.Globalization;
using System.Net;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;
using Xunit.Abstractions;

namespace Cluster.Rx.ProcessSpecs.Master;

public sealed class StandbySpecs(ITestOutputHelper output)
{
    [Fact]
    public async Task Standby_WorkerSigkilled_TheStandbyAnswersInItsPlace_AndANewStandbyIsReady()
    {
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "2", ["CODE_STANDBY"] = "1" });
        var port = await cluster.PortAsync();
        var workers = await cluster.WorkersAsync(2);
        var ready = await cluster.WaitForErrorAsync(@"cluster: info: standby \(pid (\d+)\) ready");
        var standby = int.Parse(ready.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal([workers[0], workers[1], standby], ChildrenOf(cluster.Pid));
        Assert.DoesNotContain(standby, cluster.WorkerPids);

        using var client = Clients.Tcp(port);
        var clock = Stopwatch.StartNew();
        cluster.SignalWorker(workers[0], Signum.SIGKILL);
        Reply reply;
        do
        {
            reply = await client.FetchAsync("/");
            Assert.True(clock.Elapsed < Limits.Line, $"the standby {standby} did not answer within {Limits.Line}\n{cluster.Describe()}");
        }
        while (reply.Pid != standby);

        output.WriteLine($"SIGKILL to the standby's first answer: {clock.Elapsed.TotalMilliseconds:0.0} ms");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(0, reply.Id);

        var restored = await cluster.WaitForErrorAsync($@"cluster: info: standby \(pid (?!{standby}\))(\d+)\) ready");
        var next = int.Parse(restored.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal([workers[1], standby, next], ChildrenOf(cluster.Pid));
        Assert.True(cluster.IsGone(workers[0]), $"the killed worker {workers[0]} is still alive\n{cluster.Describe()}");
    }

    [Fact]
    public async Task ScalingSignals_TtinAddsAWorker_TtouRemovesOne()
    {
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "2" });
        await cluster.WorkersAsync(2);

        cluster.SignalMaster(Signum.SIGTTIN);
        var third = await cluster.WaitForLineAsync(@"connected 2 (\d+)");
        var from = cluster.Output.Count;
        cluster.SignalMaster(Signum.SIGTTOU);
        await cluster.WaitForLineAsync($@"removed 2 {third.Groups[1].Value}", from);
        cluster.SignalMaster(Signum.SIGTTOU);
        await cluster.WaitForLineAsync(@"removed 1 \d+", from);

        // Never below one worker: Supervisor specs (Remove_KeepingOne_NeverGoesBelowIt).
        Assert.Empty(cluster.Lines(@"removed 0 \d+"));
    }

    /// <summary>The master's child processes, ascending.</summary>
    private static List<int> ChildrenOf(int pid) =>
    [
        .. Directory.GetDirectories($"/proc/{pid}/task")
            .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(child => int.Parse(child, CultureInfo.InvariantCulture))
            .Order(),
    ];
}
