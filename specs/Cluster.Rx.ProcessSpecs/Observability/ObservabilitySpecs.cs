using System.Globalization;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs.Observability;

/// <summary>
/// <c>UseLoggerFactory</c> and the master's meter with real processes (the SpecHost's <c>ILOGGER=1</c>, which prints
/// each logger entry as <c>ilogger LEVEL ID NAME values : MESSAGE</c>, and <c>METER=1</c>, a MeterListener in the
/// master printing <c>metric NAME VALUE CAUSE</c> and <c>gauge NAME VALUE</c>).
/// </summary>
public sealed class ObservabilitySpecs
{
    [Fact]
    public async Task LoggerAndMeter_WorkersServeDieTwiceAndStop_LoggedWithIdsAndValues_Counted_NothingOnStderr()
    {
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "2", ["ILOGGER"] = "1", ["METER"] = "1" });
        var port = await cluster.PortAsync();
        var workers = await cluster.WorkersAsync(2);
        await cluster.WaitForLineAsync($@"ilogger Information 201 Listening EndPoint=127\.0\.0\.1:{port} : listening on 127\.0\.0\.1:{port}");
        foreach (var (id, pid) in workers)
        {
            await cluster.WaitForLineAsync($@"ilogger Information 203 WorkerServing WorkerId={id}\|Pid={pid} : worker {id} \(pid {pid}\) serving");
        }

        await cluster.WaitForLineAsync("gauge cluster.workers 2");

        // Killed once: replaced at once. Killed again soon after: replaced after a backoff, which the master logs (307).
        var from = cluster.Output.Count;
        cluster.SignalWorker(workers[0], Signum.SIGKILL);
        await cluster.WaitForLineAsync($@"ilogger Warning 206 WorkerKilledBySignal WorkerId=0\|Pid={workers[0]}\|Signal=SIGKILL\|ExitCode=137 : worker 0 \(pid {workers[0]}\) was killed by SIGKILL \(exit code 137\)", from);
        var replacement = int.Parse((await cluster.WaitForLineAsync(@"connected 0 (\d+)", from)).Groups[1].Value, CultureInfo.InvariantCulture);
        from = cluster.Output.Count;
        cluster.SignalWorker(replacement, Signum.SIGKILL);
        await cluster.WaitForLineAsync($@"ilogger Warning 307 Respawning Reason=worker 0 \(pid {replacement}\) died with exit code 137 after serving for [\d.]+ s\|DelayMs=\d+ : worker 0 \(pid {replacement}\) died with exit code 137 after serving for [\d.]+ s; replacing it in \d+ ms", from);
        await cluster.WaitForLineAsync(@"connected 0 (\d+)", from);

        from = cluster.Output.Count;
        cluster.SignalMaster(Signum.SIGQUIT);
        await cluster.WaitForLineAsync("ilogger Information 213 Closing Shutdown=graceful : closing \\(graceful shutdown\\)", from);
        await cluster.WaitForLinesAsync(@"ilogger Information 204 WorkerExited WorkerId=\d\|Pid=\d+\|ExitCode=0 : worker \d \(pid \d+\) exited with code 0", 2, from);
        await cluster.WaitForLineAsync("ilogger Information 214 Closed ExitCode=0 : closed with exit code 0", from);
        Assert.Equal(0, await cluster.ExitCodeAsync());

        Assert.Equal(2, cluster.Lines("metric cluster.worker.deaths 1 signal").Count);
        Assert.DoesNotContain(cluster.Lines("metric cluster.worker.deaths .*"), m => !m.Value.EndsWith(" signal", StringComparison.Ordinal));
        Assert.Equal(4, cluster.Lines("metric cluster.worker.starts 1 -").Count);
        Assert.Equal("gauge cluster.workers 0", cluster.Lines("gauge cluster.workers \\d+")[^1].Value);
        Assert.DoesNotContain(cluster.Errors.Lines(), line => line.StartsWith("cluster: ", StringComparison.Ordinal));
    }
}
