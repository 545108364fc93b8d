using System.Reactive.Concurrency;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs;

/// <summary>
/// <c>shutdown</c> (SIGQUIT) and <c>stop</c> (SIGTERM): the signal to the master <c>master.pid</c> names, then a wait
/// in virtual time (a look every 100 ms; 5 s at most for shutdown, 2 s for stop) until it has exited.
/// </summary>
public sealed class CliShutdownSpecs : ReactiveTest, IDisposable
{
    private const int Master = 100;
    private readonly CliSpecContext _cli = new();

    public CliShutdownSpecs()
    {
        _cli.Write("master", Master);
        _cli.Processes.Alive.Add(Master);
    }

    [Fact]
    public void WaitForExit_TrueAtTheFirstLookAfterTheMasterIsGone()
    {
        At(Ms(420), () => _cli.Processes.Alive.Remove(Master));

        var observer = _cli.Scheduler.Start(() => ShutdownCommand.WaitForExit(_cli.Context(), Master, TimeSpan.FromSeconds(5)), Created, Subscribed, Ms(20_000));

        observer.Messages.AssertEqual(OnNext(Look(500), true), OnCompleted<bool>(Look(500)));
    }

    [Fact]
    public void WaitForExit_FalseAtTheLimit()
    {
        var observer = _cli.Scheduler.Start(() => ShutdownCommand.WaitForExit(_cli.Context(), Master, TimeSpan.FromSeconds(5)), Created, Subscribed, Ms(20_000));

        observer.Messages.AssertEqual(OnNext(Limit(5_000), false), OnCompleted<bool>(Limit(5_000)));
    }

    [Fact]
    public async Task Shutdown_SendsSigquit_WaitsUntilTheMasterIsGone_ExitCodeZero()
    {
        At(Ms(3_010), () => _cli.Processes.Alive.Remove(Master));

        _cli.Scheduler.AdvanceTo(Subscribed);
        var code = ShutdownCommand.GracefulAsync(_cli.Context("shutdown"));
        _cli.Scheduler.AdvanceTo(Look(3_100) - 1);
        var waiting = code.IsCompleted;
        _cli.Scheduler.AdvanceTo(Look(3_100));

        Assert.False(waiting);
        Assert.Equal(0, await code.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal([(Master, Signal.SIGQUIT)], _cli.Processes.Sent);
        Assert.Equal(
            [$"sent SIGQUIT to master {Master}; waiting for its workers to finish their work and the master to exit (at most 5 s)", $"shut down: master {Master} has exited"],
            _cli.OutLines);
    }

    [Fact]
    public async Task Shutdown_StillRunningAtTheLimit_IsAClearError_ExitCodeOne()
    {
        _cli.Scheduler.AdvanceTo(Subscribed);
        var code = ShutdownCommand.GracefulAsync(_cli.Context("shutdown"));
        _cli.Scheduler.AdvanceTo(Limit(5_000));

        Assert.Equal(1, await code.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(
            [$"cluster: error: master {Master} is still running 5 s after SIGQUIT: its workers may still be finishing their work (the 'timeout' setting); see its log, or use 'stop' to end it at once"],
            _cli.ErrorLines);
    }

    [Fact]
    public async Task Stop_SendsSigterm_WaitsUntilTheMasterIsGone_ExitCodeZero()
    {
        At(Ms(150), () => _cli.Processes.Alive.Remove(Master));

        _cli.Scheduler.AdvanceTo(Subscribed);
        var code = ShutdownCommand.HardAsync(_cli.Context("stop"));
        _cli.Scheduler.AdvanceTo(Look(200));

        Assert.Equal(0, await code.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal([(Master, Signal.SIGTERM)], _cli.Processes.Sent);
        Assert.Equal([$"sent SIGTERM to master {Master}; waiting for it to exit (at most 2 s)", $"stopped: master {Master} has exited"], _cli.OutLines);
    }

    [Fact]
    public async Task Stop_StillRunningAtTheLimit_IsAClearError_ExitCodeOne()
    {
        _cli.Scheduler.AdvanceTo(Subscribed);
        var code = ShutdownCommand.HardAsync(_cli.Context("stop"));
        _cli.Scheduler.AdvanceTo(Limit(2_000));

        Assert.Equal(1, await code.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal([$"cluster: error: master {Master} is still running 2 s after SIGTERM: see its log"], _cli.ErrorLines);
    }

    [Fact]
    public async Task ShutdownAndStop_NotRunning_ExitCodeThree_NothingSent()
    {
        _cli.Processes.Alive.Remove(Master);

        Assert.Equal(3, await ShutdownCommand.GracefulAsync(_cli.Context("shutdown")));
        Assert.Equal(3, await ShutdownCommand.HardAsync(_cli.Context("stop")));
        Assert.Empty(_cli.Processes.Sent);
        Assert.Equal(2, _cli.ErrorLines.Count);
    }

    [Fact]
    public async Task Shutdown_AnotherUsersMaster_NamesThePidAndTheUser_ExitCodeOne()
    {
        _cli.Processes.Forbidden.Add(Master);
        _cli.Processes.Owner = null;

        Assert.Equal(1, await ShutdownCommand.GracefulAsync(_cli.Context("shutdown")));
        Assert.Equal(
            [$"cluster: error: not permitted to send SIGQUIT to master {Master}: it runs as another user; run this command as that user or as root"],
            _cli.ErrorLines);
    }

    public void Dispose() => _cli.Dispose();

    private static long Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds).Ticks;

    /// <summary>A look at the files and processes: the first one a tick after the subscription (at <see cref="ReactiveTest.Subscribed"/>), then one every 100 ms.</summary>
    private static long Look(int milliseconds) => Subscribed + 1 + Ms(milliseconds);

    /// <summary>The end of a wait of <paramref name="milliseconds"/> from the subscription.</summary>
    private static long Limit(int milliseconds) => Subscribed + Ms(milliseconds);

    private void At(long ticks, Action action) => _cli.Scheduler.ScheduleAbsolute(ticks, action);
}
