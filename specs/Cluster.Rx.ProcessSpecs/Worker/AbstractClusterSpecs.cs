using System.Globalization;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs.Worker;

public sealed class AbstractClusterSpecs
{
    [Fact]
    public async Task AbstractCluster_Sigquit_CurrentJobsFinishThenExitZero()
    {
        using var cluster = ClusterProcess.Start(["abstract"], new() { ["WORKERS"] = "2", ["JOB_MS"] = "1500", ["TIMEOUT"] = "20000" });
        await cluster.WorkersAsync(2);
        var started = await cluster.WaitForLineAsync(@"job start 0 (\d+)");

        cluster.SignalMaster(Signum.SIGQUIT);

        await cluster.WaitForLineAsync($"job done 0 {started.Groups[1].Value}");
        await cluster.WaitForLineAsync("worker exit 0 0");
        await cluster.WaitForLineAsync("worker exit 1 0");
        await cluster.WaitForLineAsync("closed 0");
        Assert.Equal(0, await cluster.ExitCodeAsync());

        // Every job that started finished: none was cut off by the stop.
        foreach (var id in new[] { 0, 1 })
        {
            var starts = cluster.Lines($@"job start {id} (\d+)").Select(m => m.Groups[1].Value);
            var done = cluster.Lines($@"job done {id} (\d+)").Select(m => m.Groups[1].Value);
            Assert.Equal(starts, done);
        }

        Assert.Equal(2, cluster.Lines(@"killed \d+ \d+ 0").Count);
    }

    [Fact]
    public async Task AbstractCluster_JobLongerThanTimeout_WorkerReportsTimeoutAndMasterExits()
    {
        using var cluster = ClusterProcess.Start(["abstract"], new() { ["WORKERS"] = "1", ["JOB_MS"] = "30000", ["TIMEOUT"] = "1000" });
        var workers = await cluster.WorkersAsync(1);
        await cluster.WaitForLineAsync("job start 0 1");

        cluster.SignalMaster(Signum.SIGQUIT);

        await cluster.WaitForLineAsync("timeout 0");
        Assert.Equal(0, await cluster.ExitCodeAsync(TimeSpan.FromSeconds(1 + 6)));
        await cluster.WaitForLineAsync($"killed 0 {workers[0]} 1");
        Assert.Empty(cluster.Lines("job done 0 1"));
        Assert.True(cluster.IsGone(workers[0]), $"worker {workers[0]} outlived its master\n{cluster.Describe()}");
    }
}
