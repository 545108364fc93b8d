using System.Reactive.Concurrency;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs;

/// <summary>
/// <c>restart</c>: SIGUSR2 to the master <c>master.pid</c> names, then a wait in virtual time (a look every 100 ms,
/// 10 s at most) for the new master to take over, on real pid files and fake processes.
/// </summary>
public sealed class CliRestartSpecs : ReactiveTest, IDisposable
{
    private const int Old = 100;
    private const int New = 200;
    private readonly CliSpecContext _cli = new();

    public CliRestartSpecs()
    {
        _cli.Write("master", Old);
        _cli.Processes.Alive.Add(Old);
    }

    [Fact]
    public void WaitForTakeover_ANewLiveMasterInMasterPid_IsTheOutcomeAtTheNextLook()
    {
        var old = _cli.Context().PidFiles.ReadMaster()!;
        At(Ms(250), () => Takeover(New));

        var observer = _cli.Scheduler.Start(() => RestartCommand.WaitForTakeover(_cli.Context(), old), Created, Subscribed, Ms(20_000));

        observer.Messages.AssertEqual(OnNext<RestartOutcome?>(Look(300), RestartOutcome.TakenOver(New)), OnCompleted<RestartOutcome?>(Look(300)));
    }

    [Fact]
    public void WaitForTakeover_ANewMasterNotYetAlive_IsWaitedFor()
    {
        var old = _cli.Context().PidFiles.ReadMaster()!;
        At(Ms(250), () => _cli.Write("master", New));
        At(Ms(1_050), () => _cli.Processes.Alive.Add(New));

        var observer = _cli.Scheduler.Start(() => RestartCommand.WaitForTakeover(_cli.Context(), old), Created, Subscribed, Ms(20_000));

        observer.Messages.AssertEqual(OnNext<RestartOutcome?>(Look(1_100), RestartOutcome.TakenOver(New)), OnCompleted<RestartOutcome?>(Look(1_100)));
    }

    [Fact]
    public void WaitForTakeover_TheOldMasterWritesMasterPidAgain_IsAFailure()
    {
        var old = _cli.Context().PidFiles.ReadMaster()!;
        At(Ms(3_020), () => _cli.Write("master", Old));

        var observer = _cli.Scheduler.Start(() => RestartCommand.WaitForTakeover(_cli.Context(), old), Created, Subscribed, Ms(20_000));

        observer.Messages.AssertEqual(
            OnNext<RestartOutcome?>(Look(3_100), RestartOutcome.Failed($"the restart failed: the new master did not take over, and master {Old} goes on serving; its log says why")),
            OnCompleted<RestartOutcome?>(Look(3_100)));
    }

    [Fact]
    public void WaitForTakeover_TheOldMasterExitsWithoutASuccessor_IsAFailure()
    {
        var old = _cli.Context().PidFiles.ReadMaster()!;
        At(Ms(500), () =>
        {
            _cli.Processes.Alive.Remove(Old);
            _cli.Remove("master");
        });

        var observer = _cli.Scheduler.Start(() => RestartCommand.WaitForTakeover(_cli.Context(), old), Created, Subscribed, Ms(20_000));

        observer.Messages.AssertEqual(
            OnNext<RestartOutcome?>(Look(500), RestartOutcome.Failed($"master {Old} exited and no new master took over (master.pid is gone); its log says why")),
            OnCompleted<RestartOutcome?>(Look(500)));
    }

    [Fact]
    public void WaitForTakeover_NothingHappens_IsNullAtTheLimit()
    {
        var old = _cli.Context().PidFiles.ReadMaster()!;

        var observer = _cli.Scheduler.Start(() => RestartCommand.WaitForTakeover(_cli.Context(), old), Created, Subscribed, Ms(20_000));

        observer.Messages.AssertEqual(OnNext<RestartOutcome?>(Limit(10_000), (RestartOutcome?)null), OnCompleted<RestartOutcome?>(Limit(10_000)));
    }

    [Fact]
    public async Task Restart_SendsSigusr2_WaitsForTheNewMaster_AndPrintsItsPid()
    {
        At(Ms(2_050), () => Takeover(New));

        _cli.Scheduler.AdvanceTo(Subscribed);
        var code = RestartCommand.RunAsync(_cli.Context("restart"));
        _cli.Scheduler.AdvanceTo(Look(2_100) - 1);
        var waiting = code.IsCompleted;
        _cli.Scheduler.AdvanceTo(Look(2_100));

        Assert.False(waiting);
        Assert.Equal(0, await code.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal([(Old, Signal.SIGUSR2)], _cli.Processes.Sent);
        Assert.Equal(
            [$"sent SIGUSR2 to master {Old}; waiting for a new master to take over (at most 10 s)", $"restarted: new master pid {New} (was {Old})"],
            _cli.OutLines);
        Assert.Empty(_cli.ErrorLines);
    }

    [Fact]
    public async Task Restart_NoTakeoverInTime_IsAClearError_ExitCodeOne()
    {
        _cli.Scheduler.AdvanceTo(Subscribed);
        var code = RestartCommand.RunAsync(_cli.Context("restart"));
        _cli.Scheduler.AdvanceTo(Limit(10_000));

        Assert.Equal(1, await code.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal([$"cluster: error: no new master took over within 10 s of SIGUSR2; master {Old} goes on serving if it can; its log says why"], _cli.ErrorLines);
    }

    [Fact]
    public async Task Restart_NoMasterPid_IsNotRunning_ExitCodeThree_NothingSent()
    {
        _cli.Remove("master");

        Assert.Equal(3, await RestartCommand.RunAsync(_cli.Context("restart")));
        Assert.Equal([$"cluster: error: the cluster is not running: no master.pid in {_cli.Pids}"], _cli.ErrorLines);
        Assert.Empty(_cli.Processes.Sent);
    }

    [Fact]
    public async Task Restart_AStaleMasterPid_IsNotRunning_ExitCodeThree_NothingSent()
    {
        _cli.Processes.Alive.Remove(Old);

        Assert.Equal(3, await RestartCommand.RunAsync(_cli.Context("restart")));
        Assert.Equal(
            [$"cluster: error: the cluster is not running: {_cli.Pids}/master.pid names {Old}, which is not a live process (left behind by a master that was killed)"],
            _cli.ErrorLines);
        Assert.Empty(_cli.Processes.Sent);
    }

    [Fact]
    public async Task Restart_AnotherUsersMaster_NamesThePidAndTheUserToRunAs_ExitCodeOne()
    {
        _cli.Processes.Forbidden.Add(Old);

        Assert.Equal(1, await RestartCommand.RunAsync(_cli.Context("restart")));
        Assert.Equal(
            [$"cluster: error: not permitted to send SIGUSR2 to master {Old}: it runs as user 'www-data'; run this command as 'www-data' or as root"],
            _cli.ErrorLines);
    }

    public void Dispose() => _cli.Dispose();

    private static long Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds).Ticks;

    /// <summary>A look at the files and processes: the first one a tick after the subscription (at <see cref="ReactiveTest.Subscribed"/>), then one every 100 ms.</summary>
    private static long Look(int milliseconds) => Subscribed + 1 + Ms(milliseconds);

    /// <summary>The end of a wait of <paramref name="milliseconds"/> from the subscription.</summary>
    private static long Limit(int milliseconds) => Subscribed + Ms(milliseconds);

    private void Takeover(int pid)
    {
        _cli.Processes.Alive.Add(pid);
        _cli.Write("master", pid);
    }

    private void At(long ticks, Action action) => _cli.Scheduler.ScheduleAbsolute(ticks, action);
}
