using System.Globalization;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs.Systemd;

/// <summary>
/// <c>Type=notify</c> with real processes: the spec plays systemd (<see cref="FakeSystemd"/>, a datagram socket it
/// binds) and starts the SpecHost with <c>NOTIFY_SOCKET</c> and <c>WATCHDOG_USEC</c> set, as systemd would. A restart
/// (SIGUSR2) and a graceful stop (SIGQUIT) follow, as <c>systemctl reload</c> and <c>systemctl stop</c> send them.
/// </summary>
public sealed class SystemdNotifySpecs
{
    private const int Workers = 2;
    private static readonly string[] SystemdVariables = ["NOTIFY_SOCKET", "LISTEN_", "WATCHDOG_"];

    [Fact]
    public async Task Notify_StartRestartStop_ReadyOnceWorkersServe_ReloadingThenMainPidAndReadyFromTheNewMaster_StoppingAtTheEnd()
    {
        using var systemd = new FakeSystemd();
        using var cluster = ClusterProcess.Start(
            ["restart"],
            new() { ["WORKERS"] = $"{Workers}", ["TIMEOUT"] = "20000", ["NOTIFY_SOCKET"] = systemd.NotifySocket, ["WATCHDOG_USEC"] = "1000000" });
        string Describe() => $"notifications:\n{systemd.Messages.Describe()}\n{cluster.Describe()}";

        // Ready only once both workers serve; the status says how many do along the way.
        var ready = await systemd.WaitForAsync($@"READY=1\|STATUS={Workers} of {Workers} workers serving", 0, Limits.Line, Describe);
        Assert.Equal(
            ["STATUS=0 of 2 workers serving", "STATUS=1 of 2 workers serving"],
            systemd.Messages.Lines().Take(ready.Index).Where(m => m != "WATCHDOG=1"));
        var master = cluster.Pid;
        var workers = await cluster.WorkersAsync(Workers);
        AssertNoSystemdVariables(workers.Values, Describe);
        await systemd.WaitForAsync("WATCHDOG=1", ready.Index + 1, Limits.Line, Describe);

        // systemctl reload: the old master says it reloads, the new one takes the main pid and is ready.
        cluster.SignalMaster(master, Signum.SIGUSR2);
        var reloading = await systemd.WaitForAsync(
            $@"RELOADING=1\|MONOTONIC_USEC=(\d+)\|STATUS=restarting: {Workers} of {Workers} workers serving", ready.Index + 1, Limits.Line, Describe);
        var monotonicMs = long.Parse(reloading.Match.Groups[1].Value, CultureInfo.InvariantCulture) / 1000;
        Assert.InRange(Environment.TickCount64 - monotonicMs, -1_000, Limits.Line.TotalMilliseconds);
        var newMaster = int.Parse((await cluster.WaitForLinesAsync(@"started (\d+)", 2, limit: Limits.Restart))[1].Groups[1].Value, CultureInfo.InvariantCulture);
        var mainPid = await systemd.WaitForAsync(
            $@"MAINPID={newMaster}\|READY=1\|STATUS={Workers} of {Workers} workers serving", reloading.Index + 1, Limits.Restart, Describe);
        await cluster.WaitForLineAsync($@"restarted {master} 2 .*", limit: Limits.Restart);
        Assert.Equal(0, await cluster.ExitCodeAsync());

        // The old master handed over: it never said STOPPING=1. The new master's workers never saw the variables either.
        Assert.DoesNotContain(systemd.Messages.Lines(), m => m.Contains("STOPPING=1", StringComparison.Ordinal));
        var newWorkers = cluster.WorkerPids.Except(workers.Values).ToList();
        Assert.Equal(Workers, newWorkers.Count);
        AssertNoSystemdVariables(newWorkers, Describe);

        // The watchdog goes on from the new master (the old one has exited; workers have no socket).
        await systemd.WaitForAsync("WATCHDOG=1", systemd.Messages.Count, Limits.Line, Describe);

        // systemctl stop (KillSignal=SIGQUIT): a graceful stop, announced.
        cluster.SignalMaster(newMaster, Signum.SIGQUIT);
        await systemd.WaitForAsync(@"STOPPING=1\|STATUS=shutting down gracefully", mainPid.Index + 1, Limits.Line, Describe);
        await Eventually.AssertAsync(() => cluster.IsGone(newMaster), Limits.Exit, () => $"the new master {newMaster} did not exit after SIGQUIT\n{Describe()}");
    }

    [Fact]
    public async Task Notify_WatchdogPidOfAnotherProcess_NoPings_ButReady()
    {
        using var systemd = new FakeSystemd();
        using var cluster = ClusterProcess.Start(
            ["http"],
            new() { ["WORKERS"] = "1", ["NOTIFY_SOCKET"] = systemd.NotifySocket, ["WATCHDOG_USEC"] = "200000", ["WATCHDOG_PID"] = "1" });
        string Describe() => $"notifications:\n{systemd.Messages.Describe()}\n{cluster.Describe()}";

        await systemd.WaitForAsync(@"READY=1\|STATUS=1 of 1 workers serving", 0, Limits.Line, Describe);
        cluster.SignalMaster(Signum.SIGQUIT);
        await systemd.WaitForAsync(@"STOPPING=1\|STATUS=shutting down gracefully", 0, Limits.Line, Describe);
        Assert.Equal(0, await cluster.ExitCodeAsync());

        // Pings every 100 ms would have come by now (the cluster ran for well over that).
        Assert.DoesNotContain("WATCHDOG=1", systemd.Messages.Lines());
    }

    [Fact]
    public async Task Notify_NotifySocketGone_OneWarning_TheClusterServesAndStopsAsUsual()
    {
        var gone = Path.Combine(Path.GetTempPath(), $"cluster-rx-no-systemd-{Guid.NewGuid():N}");
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "1", ["NOTIFY_SOCKET"] = gone });

        var port = await cluster.PortAsync();
        await cluster.WorkersAsync(1);
        using var client = Clients.Tcp(port);
        Assert.Equal(cluster.Pid, (await client.FetchAsync().WaitAsync(Limits.Line)).MasterPid);
        await cluster.WaitForErrorAsync($"cluster: warning: cannot notify systemd at {gone} .*");
        cluster.SignalMaster(Signum.SIGQUIT);

        Assert.Equal(0, await cluster.ExitCodeAsync());
        Assert.Single(cluster.Errors.Lines(), l => l.StartsWith("cluster: warning: cannot notify systemd", StringComparison.Ordinal));
    }

    private static void AssertNoSystemdVariables(IEnumerable<int> workers, Func<string> describe)
    {
        foreach (var pid in workers)
        {
            var seen = Environ.Named(pid, SystemdVariables);
            Assert.True(seen.Count == 0, $"worker {pid} was started with {string.Join(", ", seen)}\n{describe()}");
        }
    }
}
