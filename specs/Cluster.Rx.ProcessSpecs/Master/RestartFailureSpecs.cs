using System.Globalization;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;
using Xunit.Abstractions;

namespace Cluster.Rx.ProcessSpecs.Master;

/// <summary>
/// A restart into a broken build never makes things worse. The SpecHost's workers throw at start while the file
/// <c>BROKEN_WHEN</c> names exists; under continuous load, a restart of the master (SIGUSR2) or of the workers
/// (SIGHUP: <c>RestartWorkers()</c>) fails with <see cref="RestartFailed"/> naming why, every request is answered by
/// the workers that were serving, and once the build is fixed the next restart succeeds.
/// </summary>
public sealed class RestartFailureSpecs(ITestOutputHelper output) : IDisposable
{
    private const int Workers = 2;
    private const int Enough = 50;

    private readonly TempDirectory _deploy = new();

    [Fact]
    public async Task Restart_IntoABrokenBuild_UnderLoad_OldMasterKeepsServing_AndARestartAfterTheFixWorks()
    {
        using var cluster = ClusterProcess.Start(["restart"], Settings(out var broken));
        var port = await cluster.PortAsync();
        var master = cluster.Pid;
        var workers = (await cluster.WorkersAsync(Workers)).Values.ToArray();
        await using var load = Load.Start(port);
        await load.WaitForSuccessesAsync(TimeSpan.Zero, Enough, cluster.Describe);

        File.WriteAllText(broken, "a broken deploy");
        var from = cluster.Output.Count;
        cluster.SignalMaster(master, Signum.SIGUSR2);

        var failed = await cluster.WaitForLineAsync(@"restart failed (\d+) 1 System\.InvalidOperationException (.*)", from, Limits.Restart);
        var replacement = int.Parse(failed.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Contains("before all its workers were ready", failed.Groups[2].Value);
        await cluster.WaitForErrorAsync($@"cluster: error: restart failed: .*; this master \(pid {master}\) keeps serving \(the new workers' last exception: System\.InvalidOperationException: spec host: this deploy is broken.*");
        Assert.True(cluster.IsGone(replacement), $"the failed replacement {replacement} is still running\n{cluster.Describe()}");
        var mark = load.Mark();
        await load.WaitForSuccessesAsync(mark, Enough, cluster.Describe);
        AssertServedBy(load, mark, master, workers, cluster);
        Assert.False(cluster.HasExited, $"the old master exited\n{cluster.Describe()}");

        File.Delete(broken);
        var fixedFrom = cluster.Output.Count;
        cluster.SignalMaster(master, Signum.SIGUSR2);

        await cluster.WaitForLineAsync($@"restarted {master} 2 .*", fixedFrom, Limits.Restart);
        await cluster.WaitForLineAsync("closed 0", fixedFrom);
        var afterFix = load.Mark();
        await load.WaitForSuccessesAsync(afterFix, Enough, cluster.Describe);
        await load.StopAsync();
        load.AssertNoFailures(cluster.Describe);
        output.WriteLine($"load: {load.Describe()}");
        Assert.Equal(0, await cluster.ExitCodeAsync());
    }

    [Fact]
    public async Task RestartWorkers_IntoABrokenBuild_UnderLoad_OldWorkersKeepServing_AndARollAfterTheFixWorks()
    {
        using var cluster = ClusterProcess.Start(["restart"], Settings(out var broken));
        var port = await cluster.PortAsync();
        var master = cluster.Pid;
        var workers = await cluster.WorkersAsync(Workers);
        await using var load = Load.Start(port);
        await load.WaitForSuccessesAsync(TimeSpan.Zero, Enough, cluster.Describe);

        File.WriteAllText(broken, "a broken deploy");
        var from = cluster.Output.Count;
        cluster.SignalMaster(master, Signum.SIGHUP);

        var failed = await cluster.WaitForLineAsync(@"restart failed (\d+) 1 System\.InvalidOperationException (.*)", from, Limits.Restart);
        Assert.Equal($"the new worker 0 (pid {failed.Groups[1].Value}) exited with code 1 before it connected", failed.Groups[2].Value);
        await cluster.WaitForErrorAsync($@"cluster: error: restarting the workers failed: .*; worker 0 \(pid {workers[0]}\) keeps serving and the roll stops");
        var mark = load.Mark();
        await load.WaitForSuccessesAsync(mark, Enough, cluster.Describe);
        AssertServedBy(load, mark, master, [.. workers.Values], cluster);
        Assert.Empty(cluster.Lines(@"removed \d+ \d+"));

        File.Delete(broken);
        var fixedFrom = cluster.Output.Count;
        cluster.SignalMaster(master, Signum.SIGHUP);

        foreach (var (id, pid) in workers)
        {
            await cluster.WaitForLineAsync($"removed {id} {pid}", fixedFrom, Limits.Restart);
        }

        await load.WaitForSuccessesAsync(load.Mark(), Enough, cluster.Describe);
        await load.StopAsync();
        load.AssertNoFailures(cluster.Describe);
        output.WriteLine($"load: {load.Describe()}");
        Assert.False(cluster.HasExited, $"the master exited\n{cluster.Describe()}");
    }

    [Fact]
    public async Task Restart_NewWorkersNotReadyWithinTheReadyTimeout_RestartFails_AndTheOldMasterKeepsServing()
    {
        var settings = Settings(out var broken);
        settings["READY_TIMEOUT"] = "3000";
        using var cluster = ClusterProcess.Start(["restart"], settings);
        var port = await cluster.PortAsync();
        var workers = (await cluster.WorkersAsync(Workers)).Values.ToArray();
        await using var load = Load.Start(port);
        await load.WaitForSuccessesAsync(TimeSpan.Zero, Enough, cluster.Describe);

        File.WriteAllText(broken, "slow");
        var from = cluster.Output.Count;
        cluster.SignalMaster(Signum.SIGUSR2);

        var failed = await cluster.WaitForLineAsync(@"restart failed (\d+) 1 - (.*)", from, Limits.Restart);
        Assert.Equal("its workers were not all ready within the 'ready timeout' of 3000 ms", failed.Groups[2].Value);
        var mark = load.Mark();
        await load.WaitForSuccessesAsync(mark, Enough, cluster.Describe);
        AssertServedBy(load, mark, cluster.Pid, workers, cluster);
        await AssertReplacementGoneAsync(cluster, int.Parse(failed.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Restart_NewMasterKilledBeforeItTakesOver_RestartFails_OldMasterKeepsServing_NoSocketFileLeft()
    {
        using var cluster = ClusterProcess.Start(["restart"], Settings(out var broken));
        var port = await cluster.PortAsync();
        var workers = (await cluster.WorkersAsync(Workers)).Values.ToArray();
        await using var load = Load.Start(port);
        await load.WaitForSuccessesAsync(TimeSpan.Zero, Enough, cluster.Describe);

        File.WriteAllText(broken, "slow");
        var from = cluster.Output.Count;
        cluster.SignalMaster(Signum.SIGUSR2);
        var replacement = int.Parse((await cluster.WaitForLineAsync(@"started (\d+)", from)).Groups[1].Value, CultureInfo.InvariantCulture);
        await cluster.WaitForLinesAsync(@"spawned \d+ \d+", Workers, from);
        cluster.SignalMaster(replacement, Signum.SIGKILL);

        var failed = await cluster.WaitForLineAsync($@"restart failed {replacement} 137 - (.*)", from, Limits.Restart);
        Assert.Equal($"the new master (pid {replacement}) exited with code 137 before it took over", failed.Groups[1].Value);
        var mark = load.Mark();
        await load.WaitForSuccessesAsync(mark, Enough, cluster.Describe);
        AssertServedBy(load, mark, cluster.Pid, workers, cluster);
        await AssertReplacementGoneAsync(cluster, replacement);
    }

    public void Dispose() => _deploy.Dispose();

    private Dictionary<string, string?> Settings(out string broken)
    {
        broken = _deploy.Combine("broken");
        return new() { ["WORKERS"] = $"{Workers}", ["TIMEOUT"] = "20000", ["BROKEN_WHEN"] = broken };
    }

    private static async Task AssertReplacementGoneAsync(ClusterProcess cluster, int replacement)
    {
        await Eventually.AssertAsync(
            () => cluster.IsGone(replacement),
            Limits.Exit,
            () => $"the failed new master {replacement} is still running\n{cluster.Describe()}");
        await Eventually.AssertAsync(
            () => !File.Exists(Path.Combine(cluster.Scratch, $"cluster.{replacement}.sock")),
            Limits.Exit,
            () => $"the failed new master's IPC socket is left behind\n{cluster.Describe()}");
    }

    private static void AssertServedBy(Load load, TimeSpan mark, int master, int[] workers, ClusterProcess cluster)
    {
        var strays = load.After(mark).Where(s => s.MasterPid != master || !workers.Contains(s.WorkerPid)).ToArray();
        Assert.True(
            strays.Length == 0,
            $"{strays.Length} requests after the failed restart were not answered by master {master}'s workers {string.Join(", ", workers)}: " +
            $"{string.Join(", ", strays.Select(s => $"worker {s.WorkerPid} of master {s.MasterPid}").Distinct())}\n{cluster.Describe()}");
        load.AssertNoFailures(cluster.Describe);
    }
}
