using System.Globalization;
using System.Text.Json.Nodes;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;
using Xunit.Abstractions;

namespace Cluster.Rx.ProcessSpecs.Master;

/// <summary>
/// Zero-downtime restart of the master with real processes, under continuous load on fresh and keep-alive
/// connections: a replacement master adopts the listening socket, starts its workers, the old master drains its
/// own and exits, and the snapshot the old master patched arrives in the new one. Not one request may fail.
/// The SpecHost's <c>restart</c> scenario restarts at once (threshold 0); SIGUSR1 makes it call <c>master.Restart()</c>.
/// </summary>
public sealed class RestartSpecs(ITestOutputHelper output)
{
    private const int Workers = 2;

    // Successful requests of each kind (fresh, keep-alive) wanted before a restart and after it.
    private const int Enough = 50;

    private static readonly Dictionary<string, string?> Settings = new() { ["WORKERS"] = $"{Workers}", ["TIMEOUT"] = "20000" };

    [Fact]
    public async Task Restart_BySigusr2_UnderLoad_NoRequestFails_PidsChange_SnapshotArrives()
    {
        using var cluster = ClusterProcess.Start(["restart"], Settings);

        await AssertRestartUnderLoadAsync(cluster, Signum.SIGUSR2);
    }

    [Fact]
    public async Task Restart_ByTheApi_UnderLoad_NoRequestFails_PidsChange_SnapshotArrives()
    {
        using var cluster = ClusterProcess.Start(["restart"], Settings);

        await AssertRestartUnderLoadAsync(cluster, Signum.SIGUSR1);
        await cluster.WaitForLineAsync("asked Restart");
    }

    [Fact]
    public async Task Restart_MasterStartedWithSigquitIgnored_StillHandsOver()
    {
        // As a non-interactive shell starts `app &`: SIGINT and SIGQUIT ignored, which an exec keeps. The shell
        // prints its own ignored-signal mask, then becomes the master (same pid).
        using var cluster = ClusterProcess.Start(
            ["restart"],
            Settings,
            shellPrelude: "trap '' INT QUIT\nwhile read -r key value; do [ \"$key\" = SigIgn: ] && echo \"sigign $value\"; done < /proc/$$/status");
        var mask = ulong.Parse((await cluster.WaitForLineAsync("sigign ([0-9a-f]+)")).Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        Assert.True(
            (mask & (1UL << ((int)Signum.SIGINT - 1))) != 0 && (mask & (1UL << ((int)Signum.SIGQUIT - 1))) != 0,
            $"SigIgn {mask:x16} lacks SIGINT or SIGQUIT: the master did not start with them ignored\n{cluster.Describe()}");
        Assert.Equal(cluster.Pid, await MasterAsync(cluster, 0));

        await AssertRestartUnderLoadAsync(cluster, Signum.SIGUSR2);
    }

    [Fact]
    public async Task Restart_FiveTimesInARow_SameSocket_NoRequestFails()
    {
        using var cluster = ClusterProcess.Start(["restart"], Settings);
        var port = await cluster.PortAsync();
        var master = await MasterAsync(cluster, 0);
        var workers = (await cluster.WorkersAsync(Workers)).Values.ToArray();
        await using var load = Load.Start(port);
        await load.WaitForSuccessesAsync(TimeSpan.Zero, Enough, cluster.Describe);

        for (var generation = 2; generation <= 6; generation++)
        {
            var handover = await HandOverAsync(cluster, load, master, Signum.SIGUSR2, generation, port);
            await AssertOldGoneAsync(cluster, master, workers);
            (master, workers) = (handover.Master, handover.Workers);
        }

        await load.StopAsync();
        load.AssertNoFailures(cluster.Describe);
        output.WriteLine($"load: {load.Describe()}");
        Assert.Equal(6, cluster.MasterPids.Distinct().Count());
        Assert.Equal(master, cluster.MasterPids[^1]);
        Assert.False(cluster.IsGone(master), $"the sixth master {master} is not running\n{cluster.Describe()}");
        Assert.Equal(5, cluster.Lines("closed 0").Count);
        Assert.Empty(cluster.Lines(@"closed [1-9]\d*"));
    }

    [Fact]
    public async Task Restart_AskedAgainWhileOneIsUnderWay_SecondIsIgnored()
    {
        using var cluster = ClusterProcess.Start(["restart"], Settings);
        var port = await cluster.PortAsync();
        var master = await MasterAsync(cluster, 0);
        await cluster.WorkersAsync(Workers);

        cluster.SignalMaster(master, Signum.SIGUSR2);
        await cluster.WaitForLineAsync($"restarting {master}");
        cluster.SignalMaster(master, Signum.SIGUSR2);

        // The second request came while the first was under way (or, at the latest, while the master drained).
        await cluster.WaitForErrorAsync("cluster: warning: (a restart is under way already; ignoring the new request|not restarting: the master is shutting down)");
        await cluster.WaitForLineAsync($@"restarted {master} 2 .*", limit: Limits.Restart);
        Assert.Equal(0, await cluster.ExitCodeAsync());
        Assert.Single(cluster.Lines(@"restarting \d+"));
        Assert.Equal(2, cluster.MasterPids.Count);
        using var client = Clients.Tcp(port);
        Assert.Equal(cluster.MasterPids[1], (await client.FetchAsync().WaitAsync(Limits.Line)).MasterPid);
    }

    [Fact]
    public async Task Restart_WhileTheMasterShutsDown_IsIgnoredAndTheMasterExitsZero()
    {
        using var cluster = ClusterProcess.Start(["restart"], new() { ["WORKERS"] = "1", ["TIMEOUT"] = "20000" });
        var port = await cluster.PortAsync();
        await cluster.WorkersAsync(1);
        using var client = Clients.Tcp(port);
        var request = client.FetchAsync("/slow?ms=3000");
        await cluster.WaitForLineAsync(@"slow 0 \d+ 3000");
        cluster.SignalMaster(Signum.SIGQUIT);
        await cluster.WaitForLineAsync("closing GracefulShutdown");

        cluster.SignalMaster(Signum.SIGUSR1);

        await cluster.WaitForErrorAsync("cluster: warning: not restarting: the master is shutting down");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await request.WaitAsync(Limits.Line)).Status);
        Assert.Equal(0, await cluster.ExitCodeAsync());

        // Once every process that shares the cluster's stdout has gone, nothing more can be printed: no replacement ran.
        await Eventually.AssertAsync(() => cluster.Output.Ended, Limits.Exit, () => $"the cluster's stdout is still open\n{cluster.Describe()}");
        Assert.Empty(cluster.Lines(@"restarting \d+"));
        Assert.Equal([cluster.Pid], cluster.MasterPids);
    }

    /// <summary>
    /// Restarts the cluster with <paramref name="signal"/> while fresh and keep-alive clients send requests, then
    /// checks the handover from every side: no failed request, new master and workers serving, the old ones gone,
    /// the old master's snapshot in the new one, the old master exited 0.
    /// </summary>
    private async Task AssertRestartUnderLoadAsync(ClusterProcess cluster, Signum signal)
    {
        var port = await cluster.PortAsync();
        var master = await MasterAsync(cluster, 0);
        var workers = (await cluster.WorkersAsync(Workers)).Values.ToArray();
        await using var load = Load.Start(port);
        await load.WaitForSuccessesAsync(TimeSpan.Zero, Enough, cluster.Describe);
        Assert.Contains(load.After(TimeSpan.Zero), s => s.MasterPid == master);

        await HandOverAsync(cluster, load, master, signal, 2, port);

        await load.StopAsync();
        load.AssertNoFailures(cluster.Describe);
        output.WriteLine($"load: {load.Describe()}");
        Assert.Equal(0, await cluster.ExitCodeAsync());
        await AssertOldGoneAsync(cluster, master, workers);
    }

    /// <summary>
    /// Sends <paramref name="signal"/> to <paramref name="master"/> and follows the handover to its end: the new master
    /// prints <c>restarted MASTER GENERATION SNAPSHOT</c> with the old master's patch, listens on the same port, and
    /// every request sent after that is answered by the new master's workers.
    /// </summary>
    private static async Task<Handover> HandOverAsync(ClusterProcess cluster, Load load, int master, Signum signal, int generation, int port)
    {
        var from = cluster.Output.Count;
        cluster.SignalMaster(master, signal);

        var restarted = await cluster.WaitForLineAsync($@"restarted {master} (\d+) (.*)", from, Limits.Restart);
        var mark = load.Mark();
        var successor = await MasterAsync(cluster, from);
        Assert.NotEqual(master, successor);
        Assert.Equal(port, int.Parse((await cluster.WaitForLineAsync(@"listening (\d+)", from)).Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.Equal(generation.ToString(CultureInfo.InvariantCulture), restarted.Groups[1].Value);
        var snapshot = JsonNode.Parse(restarted.Groups[2].Value)?.AsObject();
        Assert.True(snapshot is not null, $"the snapshot '{restarted.Groups[2].Value}' is not a JSON object\n{cluster.Describe()}");
        Assert.Equal(generation - 1, (int?)snapshot["generation"]);
        Assert.Equal(master, (int?)snapshot["from"]);
        await cluster.WaitForLineAsync("closed 0", from);

        var workers = (await cluster.WaitForLinesAsync(@"spawned \d+ (\d+)", Workers, from))
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .ToArray();
        await load.WaitForSuccessesAsync(mark, Enough, cluster.Describe);
        var after = load.After(mark);
        var strays = after.Where(s => s.MasterPid != successor || !workers.Contains(s.WorkerPid)).ToArray();
        Assert.True(
            strays.Length == 0,
            $"{strays.Length} of {after.Count} requests sent after the handover to master {successor} (workers {string.Join(", ", workers)}) were answered by others: " +
            $"{string.Join(", ", strays.Select(s => $"worker {s.WorkerPid} of master {s.MasterPid}").Distinct())}\n{cluster.Describe()}");
        return new Handover(successor, workers);
    }

    private static async Task AssertOldGoneAsync(ClusterProcess cluster, int master, int[] workers) =>
        await Eventually.AssertAsync(
            () => cluster.IsGone(master) && workers.All(cluster.IsGone),
            Limits.Exit,
            () => $"the old master {master} or its workers {string.Join(", ", workers.Where(p => !cluster.IsGone(p)))} outlived the restart\n{cluster.Describe()}");

    /// <summary>The pid of the first master that announced itself from line <paramref name="from"/> on.</summary>
    private static async Task<int> MasterAsync(ClusterProcess cluster, int from) =>
        int.Parse((await cluster.WaitForLineAsync(@"started (\d+)", from)).Groups[1].Value, CultureInfo.InvariantCulture);

    private sealed record Handover(int Master, int[] Workers);
}
