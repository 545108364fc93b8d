using System.IO.Pipelines;
using System.Reactive.Concurrency;
using System.Text;
using System.Text.Json.Nodes;
using Cluster.Rx.Internal;
using Cluster.Rx.Ipc;
using Cluster.Rx.Settings;
using Cluster.Rx.Supervision;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs.Supervision;

public sealed class RestarterSpecs : ReactiveTest
{
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    private readonly TestScheduler _scheduler = new();
    private readonly FakeReplacementLauncher _launcher = new();
    private readonly StringWriter _log = new();
    private readonly ITestableObserver<ClusterEvent> _events;
    private bool _active = true;

    public RestarterSpecs() => _events = _scheduler.CreateObserver<ClusterEvent>();

    [Fact]
    public void Request_AfterTheThreshold_PublishesRestartingAndStartsTheReplacementAtOnce()
    {
        var sut = CreateSut();
        var at = Threshold.Ticks + 100;

        At(at, () => sut.Request(Signal.SIGQUIT));
        _scheduler.Start();

        var restarting = Assert.IsType<Restarting>(Assert.Single(_events.Messages).Value.Value);
        Assert.Equal(at, _events.Messages[0].Time);
        Assert.Empty(restarting.Snapshot);
        Assert.Equal([Signal.SIGQUIT], _launcher.Launched.Select(l => l.Signal));
    }

    [Fact]
    public void Request_SoonerThanTheThreshold_IsACyclicRestartPutOffByTheTimeout()
    {
        var sut = CreateSut();

        At(1000, () => sut.Request(Signal.SIGQUIT));
        _scheduler.AdvanceTo(1000 + Delay.Ticks - 1);

        Assert.Empty(_launcher.Launched);
        _scheduler.Start();

        Assert.Equal(OnNext<ClusterEvent>(1000, new CyclicRestart(Time(1000), Delay)), _events.Messages[0]);
        Assert.Equal(1000 + Delay.Ticks, _events.Messages[1].Time);
        Assert.IsType<Restarting>(_events.Messages[1].Value.Value);
        Assert.Single(_launcher.Launched);
        Assert.Contains("restart asked for 0 s after start-up, within the 'restart threshold' of 60 s: it happens in 30 s ('restart timeout')", _log.ToString());
    }

    [Fact]
    public void Request_WhileOneIsPending_IsIgnored()
    {
        var sut = CreateSut();

        At(1000, () => sut.Request(Signal.SIGQUIT));
        At(2000, () => sut.Request(Signal.SIGQUIT));
        At(Threshold.Ticks + 1, () => sut.Request(Signal.SIGQUIT));
        _scheduler.Start();

        Assert.Single(_launcher.Launched);
        Assert.Single(_events.Messages, m => m.Value.Value is CyclicRestart);
        Assert.Contains("a restart is under way already; ignoring the new request", _log.ToString());
    }

    [Fact]
    public void Request_WhileShuttingDown_IsIgnored()
    {
        var sut = CreateSut();
        _active = false;

        At(Threshold.Ticks + 1, () => sut.Request(Signal.SIGQUIT));
        _scheduler.Start();

        Assert.Empty(_launcher.Launched);
        Assert.Empty(_events.Messages);
    }

    [Fact]
    public void Replacement_ExitsBeforeTakingOver_ThisMasterGoesOnAndCanRestartAgain()
    {
        var sut = CreateSut();
        var at = Threshold.Ticks + 1;

        At(at, () => sut.Request(Signal.SIGQUIT));
        At(at + 100, () => ExitReplacement(0, 1));
        At(at + 200, () => sut.Request(Signal.SIGQUIT));
        _scheduler.Start();

        Assert.Equal(2, _launcher.Launched.Count);
        Assert.Equal(
            OnNext<ClusterEvent>(at + 100, new RestartFailed(Time(at + 100), "the new master (pid 500) exited with code 1 before it took over", 500, 1, null)),
            _events.Messages.Single(m => m.Value.Value is RestartFailed));
        Assert.Contains("restart failed: the new master (pid 500) exited with code 1 before it took over; this master", _log.ToString());
    }

    [Fact]
    public void Replacement_ReportsWhyItFailed_RestartFailedCarriesTheReasonAndTheWorkersLastException()
    {
        var sut = CreateSut();
        var at = Threshold.Ticks + 1;
        var report = new RestartFailedMessage(
            "its worker 0 (pid 901) exited with code 134 before all its workers were ready",
            0,
            901,
            new ExceptionMessage("System.InvalidOperationException", "broken build", "at Main"));

        At(at, () => sut.Request(Signal.SIGQUIT));
        At(at + 50, () => sut.OnFailureReport(pid: 777, report with { Reason = "not from the replacement" }));
        At(at + 60, () => sut.OnFailureReport(pid: 500, report));
        At(at + 100, () => ExitReplacement(0, 1));
        _scheduler.Start();

        var failed = Assert.IsType<RestartFailed>(_events.Messages.Single(m => m.Value.Value is RestartFailed).Value.Value);
        Assert.Equal(report.Reason, failed.Reason);
        Assert.Equal((500, 1), (failed.Pid, failed.ExitCode));
        Assert.Equal(new WorkerException(Time(at + 100), new Worker(0, 901), "System.InvalidOperationException", "broken build", "at Main"), failed.LastException);
        Assert.Empty(_launcher.Signals[0]);
    }

    [Fact]
    public void Replacement_DoesNotTakeOverInTime_IsKilled_AndTheRestartFails()
    {
        var sut = CreateSut();
        var at = Threshold.Ticks + 1;
        var deadline = at + (ReadyTimeout + ClusterDefaults.TakeoverGrace).Ticks;

        At(at, () => sut.Request(Signal.SIGQUIT));
        At(deadline - 1, () => Assert.Empty(_launcher.Signals[0]));
        At(deadline + 10, () => ExitReplacement(0, 137));
        At(deadline + 20, () => sut.Request(Signal.SIGQUIT));
        _scheduler.Start();

        Assert.Equal([Signal.SIGKILL], _launcher.Signals[0]);
        var failed = Assert.IsType<RestartFailed>(_events.Messages.Single(m => m.Value.Value is RestartFailed).Value.Value);
        Assert.Equal("the new master (pid 500) did not take over within 30 s ('ready timeout' + 10 s); it was killed", failed.Reason);
        Assert.Equal(2, _launcher.Launched.Count);
    }

    [Fact]
    public void Replacement_TookOver_NoDeadlineKillsIt_AndItsExitIsNoFailure()
    {
        var sut = CreateSut();
        var at = Threshold.Ticks + 1;

        At(at, () => sut.Request(Signal.SIGQUIT));
        At(at + 100, () => _active = false); // it signalled: this master drains
        At(at + (ReadyTimeout * 3).Ticks, () => ExitReplacement(0, 0));
        _scheduler.Start();

        Assert.Empty(_launcher.Signals[0]);
        Assert.DoesNotContain(_events.Messages, m => m.Value.Value is RestartFailed);
    }

    [Fact]
    public void Launch_Fails_IsAClearErrorAndTheRestartCanBeAskedAgain()
    {
        var sut = CreateSut();
        _launcher.Fails = true;
        var at = Threshold.Ticks + 1;

        At(at, () => sut.Request(Signal.SIGQUIT));
        At(at + 100, () => _launcher.Fails = false);
        At(at + 200, () => sut.Request(Signal.SIGQUIT));
        _scheduler.Start();

        Assert.Single(_launcher.Launched);
        Assert.Contains("cannot start the replacement master: no such file; this master keeps serving", _log.ToString());
    }

    [Fact]
    public void Attach_FromAPidThatIsNotTheReplacement_IsRefused()
    {
        var sut = CreateSut();
        At(Threshold.Ticks + 1, () => sut.Request(Signal.SIGQUIT));
        _scheduler.Start();
        var (channel, _) = Channels();

        Assert.False(sut.Attach(channel, 999));
        Assert.True(sut.Attach(channel, 500));
        Assert.False(sut.Attach(channel, 500));
    }

    [Fact]
    public async Task HandOverAsync_SendsTheSnapshotAsPatchedBySubscribers()
    {
        var sut = CreateSut(patch: s => s["sessions"] = new JsonArray(1, 2, 3));

        var snapshot = await HandOverAsync(sut);

        Assert.Equal("""{"sessions":[1,2,3]}""", snapshot);
        Assert.DoesNotContain("error", _log.ToString());
    }

    [Fact]
    public async Task HandOverAsync_SnapshotCannotBeSerialized_SendsAnEmptyOneAndSaysWhy()
    {
        var sut = CreateSut(patch: s => s["bad"] = JsonValue.Create(double.NaN));

        var snapshot = await HandOverAsync(sut);

        Assert.Equal("{}", snapshot);
        Assert.Contains("the restart snapshot cannot be serialized", _log.ToString());
    }

    [Fact]
    public async Task HandOverAsync_SnapshotOverTheFrameLimit_SendsAnEmptyOneAndSaysWhy()
    {
        var sut = CreateSut(patch: s => s["big"] = new string('x', ClusterDefaults.MaxFrameSize));

        var snapshot = await HandOverAsync(sut);

        Assert.Equal("{}", snapshot);
        Assert.Contains("over the IPC frame limit of 1048576 bytes", _log.ToString());
    }

    private async Task<string> HandOverAsync(Restarter sut)
    {
        At(Threshold.Ticks + 1, () => sut.Request(Signal.SIGQUIT));
        _scheduler.AdvanceTo(Threshold.Ticks + 1);
        _active = false; // the replacement took over: this master is draining
        _scheduler.Start();
        var (oldMaster, newMaster) = Channels();
        Assert.True(sut.Attach(oldMaster, 500));
        var received = new TaskCompletionSource<string>();
        var receiving = newMaster.RunAsync((type, payload) => received.TrySetResult($"{type}:{Encoding.UTF8.GetString(payload)}"));
        var sending = oldMaster.RunAsync((_, _) => { });

        await sut.HandOverAsync(TimeSpan.FromSeconds(5)).WaitAsync(TimeSpan.FromSeconds(10));
        var frame = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        newMaster.Close();
        await Task.WhenAll(receiving, sending).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.StartsWith("Snapshot:", frame);
        return frame["Snapshot:".Length..];
    }

    private static (IpcConnection Left, IpcConnection Right) Channels()
    {
        var (a, b) = (new Pipe(), new Pipe());
        return (new IpcConnection(new DuplexPipe(a.Reader, b.Writer)), new IpcConnection(new DuplexPipe(b.Reader, a.Writer)));
    }

    private Restarter CreateSut(Action<JsonObject>? patch = null) => new(
        _scheduler,
        Settings(),
        _launcher,
        () => _active,
        e =>
        {
            if (e is Restarting restarting)
            {
                patch?.Invoke(restarting.Snapshot);
            }

            _events.OnNext(e);
        },
        new ClusterLog(_log));

    private static ClusterSettings Settings()
    {
        var settings = new ClusterSettings();
        settings.Set("restart threshold", Threshold);
        settings.Set("restart timeout", Delay);
        settings.Set("ready timeout", ReadyTimeout);
        return settings;
    }

    private void ExitReplacement(int index, int code)
    {
        _launcher.Launched[index].Exit.OnNext(code);
        _launcher.Launched[index].Exit.OnCompleted();
    }

    // Work the restarter posts runs one tick after it was posted on TestScheduler; an input at ticks - 1 lands at ticks.
    private void At(long ticks, Action action) => _scheduler.ScheduleAbsolute(ticks - 1, action);

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);
}
