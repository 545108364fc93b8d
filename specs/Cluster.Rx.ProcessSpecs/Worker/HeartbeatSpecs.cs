using System.Diagnostics;
using System.Globalization;
using System.Net;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs.Worker;

/// <summary>Hung workers found by their missed heartbeats, with real processes: a heartbeat timeout of 3 s.</summary>
public sealed class HeartbeatSpecs
{
    /// <summary>From the hang to a replacement serving: the 3 s timeout, up to a 0.75 s check interval, a worker's start-up, and a busy machine.</summary>
    private static readonly TimeSpan Found = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task StoppedWorker_IsKilledAndReplaced_TheOtherIsUntouched()
    {
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "2", ["CODE_HEARTBEAT_TIMEOUT"] = "3000" });
        var port = await cluster.PortAsync();
        var workers = await cluster.WorkersAsync(2);
        var stopped = workers[0];
        var from = cluster.Output.Count;
        try
        {
            cluster.SignalWorker(stopped, Signum.SIGSTOP);
            var clock = Stopwatch.StartNew();

            var hung = await cluster.WaitForLineAsync($@"hung 0 {stopped} (\d+)", from, Left(clock));
            Assert.InRange(int.Parse(hung.Groups[1].Value, CultureInfo.InvariantCulture), 3000, 12000);
            await cluster.WaitForLineAsync($"killed 0 {stopped} 137", from, Left(clock));
            await cluster.WaitForErrorAsync($@"cluster: warning: worker 0 \(pid {stopped}\) sent no heartbeat for \d+\.\d s, over the 'heartbeat timeout' of 3000 ms; killing it \(SIGKILL\)", Left(clock));
            var replacement = await ReplacementAsync(cluster, 0, stopped, from, clock);

            Assert.True(cluster.IsGone(stopped), $"the stopped worker {stopped} is still alive\n{cluster.Describe()}");
            Assert.False(cluster.IsGone(workers[1]), $"worker 1 ({workers[1]}) is gone\n{cluster.Describe()}");
            Assert.Empty(cluster.Lines(@"(hung|killed) 1 .*"));
            Assert.Single(cluster.Lines(@"spawned 1 .*"));
            Assert.Single(cluster.Lines(@"hung .*"));
            await AssertServedByAsync(port, replacement, workers[1]);
        }
        finally
        {
            if (!cluster.IsGone(stopped))
            {
                OsProcess.Signal(stopped, Signum.SIGKILL);
                OsProcess.Signal(stopped, Signum.SIGCONT);
            }
        }
    }

    [Fact]
    public async Task WorkerWithAStarvedThreadPool_IsFoundHungAndReplaced()
    {
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "2", ["CODE_HEARTBEAT_TIMEOUT"] = "3000" });
        var port = await cluster.PortAsync();
        var workers = await cluster.WorkersAsync(2);
        var from = cluster.Output.Count;

        // The worker that answers blocks its thread pool: its process runs on, but no heartbeat can be sent.
        using (var client = Clients.Tcp(port))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.FetchAsync("/starve")).Status);
        }

        var starved = int.Parse((await cluster.WaitForLineAsync(@"starved (\d+)", from)).Groups[1].Value, CultureInfo.InvariantCulture);
        var clock = Stopwatch.StartNew();
        var id = workers.Single(w => w.Value == starved).Key;
        var healthy = workers[1 - id];

        await cluster.WaitForLineAsync($@"hung {id} {starved} \d+", from, Left(clock));
        await cluster.WaitForLineAsync($"killed {id} {starved} 137", from, Left(clock));
        var replacement = await ReplacementAsync(cluster, id, starved, from, clock);

        Assert.False(cluster.IsGone(healthy), $"the healthy worker {healthy} is gone\n{cluster.Describe()}");
        Assert.Single(cluster.Lines(@"hung .*"));
        await AssertServedByAsync(port, replacement, healthy);
    }

    private static async Task<int> ReplacementAsync(ClusterProcess cluster, int id, int old, int from, Stopwatch clock)
    {
        var connected = await cluster.WaitForLineAsync($@"connected {id} (?!{old}\b)(\d+)", from, Left(clock));
        return int.Parse(connected.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static async Task AssertServedByAsync(int port, params int[] pids)
    {
        using var client = Clients.Tcp(port);
        for (var request = 0; request < 6; request++)
        {
            var reply = await client.FetchAsync("/");
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            Assert.Contains(reply.Pid, pids);
        }
    }

    private static TimeSpan Left(Stopwatch clock) =>
        Found - clock.Elapsed is { } left && left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1);
}
