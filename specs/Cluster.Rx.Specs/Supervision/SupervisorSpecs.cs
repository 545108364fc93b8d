using System.Globalization;
using System.Reactive.Concurrency;
using System.Text.RegularExpressions;
using Cluster.Rx.Internal;
using Cluster.Rx.Settings;
using Cluster.Rx.Supervision;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs.Supervision;

public sealed class SupervisorSpecs : SupervisorSpec
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    private Action<ClusterEvent> _onEvent = _ => { };

    [Fact]
    public void Start_WithThreeWorkers_SpawnsIdsZeroToTwo()
    {
        var sut = CreateSut(workers: 3);

        At(100, sut.Start);
        Scheduler.Start();

        Events.Messages.AssertEqual(
            OnNext<ClusterEvent>(100, new WorkerSpawned(Time(100), new Worker(0, 100))),
            OnNext<ClusterEvent>(100, new WorkerSpawned(Time(100), new Worker(1, 101))),
            OnNext<ClusterEvent>(100, new WorkerSpawned(Time(100), new Worker(2, 102))));
        Assert.Equal([new Worker(0, 100), new Worker(1, 101), new Worker(2, 102)], sut.Workers);
    }

    [Fact]
    public void WorkerDies_LongAfterStart_IsReplacedAtOnceWithTheSameId()
    {
        var sut = CreateSut(workers: 2);
        var death = Ticks(TimeSpan.FromSeconds(30));

        At(100, sut.Start);
        At(death, () => Launcher.Last(1).Exit(137));
        Scheduler.Start();

        Events.Messages.Skip(2).AssertEqual(
            OnNext<ClusterEvent>(death, new WorkerKilled(Time(death), new Worker(1, 101), 137)),
            OnNext<ClusterEvent>(death, new WorkerSpawned(Time(death), new Worker(1, 102))));
        Assert.Equal([new Worker(0, 100), new Worker(1, 102)], sut.Workers);
    }

    [Fact]
    public void Report_FromLiveWorker_IsPublished_AndFromAStalePidIsDropped()
    {
        var sut = CreateSut(workers: 1);

        At(100, sut.Start);
        At(200, () => sut.Report(0, 100, (at, w) => new WorkerConnected(at, w)));
        At(300, () => sut.Report(0, 999, (at, w) => new WorkerConnected(at, w)));
        At(400, () => sut.Report(7, 100, (at, w) => new WorkerTimeout(at, w)));
        Scheduler.Start();

        Events.Messages.Skip(1).AssertEqual(
            OnNext<ClusterEvent>(200, new WorkerConnected(Time(200), new Worker(0, 100))));
    }

    [Fact]
    public async Task Close_AsksEveryWorkerToStop_AndClosesWithZeroAfterTheLastExits()
    {
        var sut = CreateSut(workers: 2);

        At(100, sut.Start);
        At(200, () => sut.Close());
        At(300, () => Launcher.Last(0).Exit(0));
        At(400, () => Launcher.Last(1).Exit(0));
        Scheduler.Start();

        Events.Messages.Skip(2).AssertEqual(
            OnNext<ClusterEvent>(200, new Closing(Time(200), MasterState.GracefulShutdown)),
            OnNext<ClusterEvent>(300, new WorkerKilled(Time(300), new Worker(0, 100), 0)),
            OnNext<ClusterEvent>(400, new WorkerKilled(Time(400), new Worker(1, 101), 0)),
            OnNext<ClusterEvent>(400, new Closed(Time(400), 0)));
        Assert.All(Launcher.Launched, p => Assert.Equal(1, p.StopRequests));
        Assert.Equal(MasterState.GracefulShutdown, sut.State);
        Assert.Equal(0, await sut.Completion.WaitAsync(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Close_WorkerOutlivesTheTimeout_IsKilledAtTimeoutPlusBackstop()
    {
        var sut = CreateSut(workers: 1);
        var kill = 200 + Ticks(Timeout + ClusterDefaults.GracefulBackstop);

        At(100, sut.Start);
        At(200, () => sut.Close());
        At(kill - 1, () => Assert.Empty(Launcher.Last(0).Signals));
        At(kill + 1, () => Launcher.Last(0).Exit(137));
        Scheduler.Start();

        Assert.Equal([Signal.SIGKILL], Launcher.Last(0).Signals);
        Assert.Equal(OnNext<ClusterEvent>(kill + 1, new Closed(Time(kill + 1), 0)), Events.Messages[^1]);
        Assert.Contains("did not exit within the timeout of 10000 ms", LogText.ToString());
    }

    [Fact]
    public void Close_DuringGracefulShutdown_DeadWorkersAreNotReplaced()
    {
        var sut = CreateSut(workers: 2);

        At(100, sut.Start);
        At(200, () => sut.Close());
        At(300, () => Launcher.Last(0).Exit(1));
        Scheduler.Start();

        Assert.Equal(2, Launcher.Launched.Count);
        Assert.DoesNotContain(Events.Messages.Skip(2), m => m.Value.Value is WorkerSpawned);
    }

    [Fact]
    public void Destroy_KillsEveryWorker_AndClosesWhenTheyAreReaped()
    {
        var sut = CreateSut(workers: 2);

        At(100, sut.Start);
        At(200, sut.Destroy);
        At(210, () => Launcher.Last(0).Exit(137));
        At(220, () => Launcher.Last(1).Exit(137));
        Scheduler.Start();

        Events.Messages.Skip(2).AssertEqual(
            OnNext<ClusterEvent>(200, new Closing(Time(200), MasterState.HardShutdown)),
            OnNext<ClusterEvent>(200, new Killing(Time(200), Signal.SIGKILL)),
            OnNext<ClusterEvent>(210, new WorkerKilled(Time(210), new Worker(0, 100), 137)),
            OnNext<ClusterEvent>(220, new WorkerKilled(Time(220), new Worker(1, 101), 137)),
            OnNext<ClusterEvent>(220, new Closed(Time(220), 0)));
        Assert.All(Launcher.Launched, p => Assert.Equal([Signal.SIGKILL], p.Signals));
    }

    [Fact]
    public void Destroy_WorkerNeverReaped_ClosesAfterTheHardBackstop()
    {
        var sut = CreateSut(workers: 1);
        var backstop = 200 + Ticks(ClusterDefaults.HardBackstop);

        At(100, sut.Start);
        At(200, sut.Destroy);
        Scheduler.Start();

        Assert.Equal(OnNext<ClusterEvent>(backstop, new Closed(Time(backstop), 0)), Events.Messages[^1]);
    }

    [Fact]
    public void Destroy_DuringGracefulShutdown_EscalatesToSigkill()
    {
        var sut = CreateSut(workers: 1);

        At(100, sut.Start);
        At(200, () => sut.Close());
        At(300, sut.Destroy);
        At(400, () => Launcher.Last(0).Exit(137));
        Scheduler.Start();

        Assert.Equal([Signal.SIGKILL], Launcher.Last(0).Signals);
        Assert.Equal(MasterState.HardShutdown, sut.State);
        Assert.Equal(OnNext<ClusterEvent>(400, new Closed(Time(400), 0)), Events.Messages[^1]);
    }

    [Fact]
    public void Remove_StopsTheHighestIds_WhichAreRemovedNotReplaced()
    {
        var sut = CreateSut(workers: 3);

        At(100, sut.Start);
        At(200, () => sut.Remove(2));
        At(300, () => Launcher.Last(2).Exit(0));
        At(400, () => Launcher.Last(1).Exit(0));
        Scheduler.Start();

        Assert.Equal([0, 1, 1], Launcher.Launched.Select(p => p.StopRequests));
        Events.Messages.Skip(3).AssertEqual(
            OnNext<ClusterEvent>(300, new WorkerRemoved(Time(300), new Worker(2, 102))),
            OnNext<ClusterEvent>(400, new WorkerRemoved(Time(400), new Worker(1, 101))));
        Assert.Equal([new Worker(0, 100)], sut.Workers);
    }

    [Fact]
    public void Spawn_AfterRemove_ReusesTheLowestFreeIds()
    {
        var sut = CreateSut(workers: 3);

        At(100, sut.Start);
        At(200, () => sut.Remove(1));
        At(300, () => Launcher.Last(2).Exit(0));
        At(400, () => sut.Spawn(2));
        Scheduler.Start();

        Assert.Equal([0, 1, 2, 3], sut.Workers.Select(w => w.Id));
        Assert.Equal([new Worker(2, 103), new Worker(3, 104)], Events.Messages.Skip(4).Select(m => ((WorkerSpawned)m.Value.Value).Worker));
    }

    [Fact]
    public void Kill_SendsTheSignalToEveryWorker_AndPublishesKilling()
    {
        var sut = CreateSut(workers: 2);

        At(100, sut.Start);
        At(200, () => sut.Kill(Signal.SIGTERM));
        Scheduler.AdvanceTo(1000);

        Assert.Equal(OnNext<ClusterEvent>(200, new Killing(Time(200), Signal.SIGTERM)), Events.Messages[^1]);
        Assert.All(Launcher.Launched, p => Assert.Equal([Signal.SIGTERM], p.Signals));
        Assert.Equal(MasterState.Active, sut.State);
    }

    [Fact]
    public void RestartWorkers_RollsOneAtATime_NewConnectsBeforeOldIsStopped()
    {
        var sut = CreateSut(workers: 2);

        At(100, sut.Start);
        At(200, () => sut.RestartWorkers(Signal.SIGQUIT));
        At(300, () => sut.Report(0, 102, (at, w) => new WorkerConnected(at, w)));
        At(400, () => Launcher.Launched[0].Exit(0));
        At(500, () => sut.Report(1, 103, (at, w) => new WorkerConnected(at, w)));
        At(600, () => Launcher.Launched[1].Exit(0));
        Scheduler.Start();

        Events.Messages.Skip(2).AssertEqual(
            OnNext<ClusterEvent>(200, new WorkerSpawned(Time(200), new Worker(0, 102))),
            OnNext<ClusterEvent>(300, new WorkerConnected(Time(300), new Worker(0, 102))),
            OnNext<ClusterEvent>(400, new WorkerRemoved(Time(400), new Worker(0, 100))),
            OnNext<ClusterEvent>(400, new WorkerSpawned(Time(400), new Worker(1, 103))),
            OnNext<ClusterEvent>(500, new WorkerConnected(Time(500), new Worker(1, 103))),
            OnNext<ClusterEvent>(600, new WorkerRemoved(Time(600), new Worker(1, 101))));
        Assert.Equal([1, 1, 0, 0], Launcher.Launched.Select(p => p.StopRequests));
        Assert.Equal([new Worker(0, 102), new Worker(1, 103)], sut.Workers);
    }

    [Fact]
    public void RestartWorkers_SuccessorDiesBeforeItConnects_PredecessorKeepsServingAndTheRollStopsWithRestartFailed()
    {
        var sut = CreateSut(workers: 2);

        At(100, sut.Start);
        At(150, () => sut.Report(0, 100, (at, w) => new WorkerConnected(at, w)));
        At(200, () => sut.RestartWorkers(Signal.SIGQUIT));
        At(250, () => sut.Report(0, 102, (at, w) => new WorkerException(at, w, "System.Exception", "broken build", "at Main")));
        At(300, () => Launcher.Launched[2].Exit(134));
        Scheduler.Start();

        Events.Messages.Skip(3).AssertEqual(
            OnNext<ClusterEvent>(200, new WorkerSpawned(Time(200), new Worker(0, 102))),
            OnNext<ClusterEvent>(250, new WorkerException(Time(250), new Worker(0, 102), "System.Exception", "broken build", "at Main")),
            OnNext<ClusterEvent>(300, new WorkerKilled(Time(300), new Worker(0, 102), 134)),
            OnNext<ClusterEvent>(300, new RestartFailed(
                Time(300),
                "the new worker 0 (pid 102) exited with code 134 before it connected",
                102,
                134,
                new WorkerException(Time(250), new Worker(0, 102), "System.Exception", "broken build", "at Main"))));
        Assert.Equal(3, Launcher.Launched.Count);
        Assert.Equal([0, 0, 0], Launcher.Launched.Select(p => p.StopRequests));
        Assert.Equal([new Worker(0, 100), new Worker(1, 101)], sut.Workers);
        Assert.Contains("restarting the workers failed: the new worker 0 (pid 102) exited with code 134 before it connected; worker 0 (pid 100) keeps serving and the roll stops", LogText.ToString());
    }

    [Fact]
    public void RestartWorkers_SuccessorNotReadyInTime_IsKilled_ThePredecessorKeepsServing_AndANewRollWorks()
    {
        var sut = CreateSut(workers: 1);
        var deadline = 200 + Ticks(ReadyTimeout);

        At(100, sut.Start);
        At(150, () => sut.Report(0, 100, (at, w) => new WorkerConnected(at, w)));
        At(200, () => sut.RestartWorkers(Signal.SIGQUIT));
        At(deadline + 10, () => Launcher.Launched[1].Exit(137));
        At(deadline + 100, () => sut.RestartWorkers(Signal.SIGQUIT));
        At(deadline + 200, () => sut.Report(0, 102, (at, w) => new WorkerConnected(at, w)));
        At(deadline + 300, () => Launcher.Launched[0].Exit(0));
        Scheduler.Start();

        Assert.Equal([Signal.SIGKILL], Launcher.Launched[1].Signals);
        var failed = Assert.Single(Events.Messages.Select(m => m.Value.Value).OfType<RestartFailed>());
        Assert.Equal("the new worker 0 (pid 101) did not connect within the 'ready timeout' of 20000 ms", failed.Reason);
        Assert.Equal(137, failed.ExitCode);
        Assert.Equal(1, Launcher.Launched[0].StopRequests);
        Assert.Equal([new Worker(0, 102)], sut.Workers);
    }

    [Fact]
    public void RestartWorkers_PredecessorDiesWhileItsSuccessorStarts_TheSuccessorTakesTheIdWithoutARespawn()
    {
        var sut = CreateSut(workers: 1);

        At(100, sut.Start);
        At(200, () => sut.RestartWorkers(Signal.SIGQUIT));
        At(300, () => Launcher.Launched[0].Exit(137));
        At(400, () => sut.Report(0, 101, (at, w) => new WorkerConnected(at, w)));
        Scheduler.Start();

        Assert.Equal(2, Launcher.Launched.Count);
        Assert.Equal([new Worker(0, 101)], sut.Workers);
        Assert.DoesNotContain(Events.Messages, m => m.Value.Value is RestartFailed);
    }

    [Fact]
    public void RestartWorkers_RetiringWorkerReportsWaitingAndTimeout_TheyArePublished()
    {
        var sut = CreateSut(workers: 1);

        At(100, sut.Start);
        At(200, () => sut.RestartWorkers(Signal.SIGQUIT));
        At(300, () => sut.Report(0, 101, (at, w) => new WorkerConnected(at, w)));
        At(400, () => sut.Report(0, 100, (at, w) => new WorkerWaiting(at, w, 2)));
        At(500, () => sut.Report(0, 100, (at, w) => new WorkerTimeout(at, w)));
        Scheduler.Start();

        Events.Messages.Skip(3).AssertEqual(
            OnNext<ClusterEvent>(400, new WorkerWaiting(Time(400), new Worker(0, 100), 2)),
            OnNext<ClusterEvent>(500, new WorkerTimeout(Time(500), new Worker(0, 100))));
    }

    [Fact]
    public void Remove_DuringARoll_SparesTheIdBeingRolled_AndTheRollSkipsRemovedWorkers()
    {
        var sut = CreateSut(workers: 3);

        At(100, sut.Start);
        At(200, () => sut.RestartWorkers(Signal.SIGQUIT)); // retires 0 (pid 100), spawns 0 (pid 103)
        At(300, () => sut.Remove(2));                       // takes 2 and 1, not 0
        At(400, () => sut.Report(0, 103, (at, w) => new WorkerConnected(at, w)));
        At(500, () => Launcher.Launched[0].Exit(0));       // the old 0 has drained: the roll moves on
        Scheduler.Start();

        Assert.Equal([1, 1, 1, 0], Launcher.Launched.Select(p => p.StopRequests));
        Assert.Equal(4, Launcher.Launched.Count); // 1 and 2 are being removed, so not rolled
        Assert.Equal([new Worker(0, 103)], sut.Workers); // 1 and 2 are leaving: no longer serving workers
    }

    [Fact]
    public void RestartWorkers_WithAnotherSignal_SendsItToTheOldWorker()
    {
        var sut = CreateSut(workers: 1);

        At(100, sut.Start);
        At(150, () => sut.Report(0, 100, (at, w) => new WorkerConnected(at, w)));
        At(200, () => sut.RestartWorkers(Signal.SIGTERM));
        At(300, () => sut.Report(0, 101, (at, w) => new WorkerConnected(at, w)));
        Scheduler.Start();

        Assert.Equal([Signal.SIGTERM], Launcher.Launched[0].Signals);
        Assert.Equal(0, Launcher.Launched[0].StopRequests);
    }

    [Fact]
    public void RestartWorkers_WhileRolling_RollsOnceMoreAfterIt_AndFurtherRequestsJoinThatRoll()
    {
        var sut = CreateSut(workers: 2);

        At(100, sut.Start);
        At(200, () => sut.RestartWorkers(Signal.SIGQUIT));
        At(250, () => sut.RestartWorkers(Signal.SIGQUIT));
        At(260, () => sut.RestartWorkers(Signal.SIGQUIT));
        At(300, () => sut.Report(0, 102, (at, w) => new WorkerConnected(at, w)));
        At(400, () => Launcher.Launched[0].Exit(0));
        At(500, () => sut.Report(1, 103, (at, w) => new WorkerConnected(at, w)));
        At(600, () => Launcher.Launched[1].Exit(0));
        At(700, () => sut.Report(0, 104, (at, w) => new WorkerConnected(at, w)));
        At(800, () => Launcher.Launched[2].Exit(0));
        At(900, () => sut.Report(1, 105, (at, w) => new WorkerConnected(at, w)));
        At(1000, () => Launcher.Launched[3].Exit(0));
        Scheduler.Start();

        Events.Messages.Skip(2).AssertEqual(
            OnNext<ClusterEvent>(200, new WorkerSpawned(Time(200), new Worker(0, 102))),
            OnNext<ClusterEvent>(300, new WorkerConnected(Time(300), new Worker(0, 102))),
            OnNext<ClusterEvent>(400, new WorkerRemoved(Time(400), new Worker(0, 100))),
            OnNext<ClusterEvent>(400, new WorkerSpawned(Time(400), new Worker(1, 103))),
            OnNext<ClusterEvent>(500, new WorkerConnected(Time(500), new Worker(1, 103))),
            OnNext<ClusterEvent>(600, new WorkerRemoved(Time(600), new Worker(1, 101))),
            OnNext<ClusterEvent>(600, new WorkerSpawned(Time(600), new Worker(0, 104))),
            OnNext<ClusterEvent>(700, new WorkerConnected(Time(700), new Worker(0, 104))),
            OnNext<ClusterEvent>(800, new WorkerRemoved(Time(800), new Worker(0, 102))),
            OnNext<ClusterEvent>(800, new WorkerSpawned(Time(800), new Worker(1, 105))),
            OnNext<ClusterEvent>(900, new WorkerConnected(Time(900), new Worker(1, 105))),
            OnNext<ClusterEvent>(1000, new WorkerRemoved(Time(1000), new Worker(1, 103))));
        Assert.Equal([1, 1, 1, 1, 0, 0], Launcher.Launched.Select(p => p.StopRequests));
        Assert.Equal([new Worker(0, 104), new Worker(1, 105)], sut.Workers);
        Assert.Contains("workers are being restarted already; they will be restarted once more when this roll ends", LogText.ToString());
        Assert.Contains("workers are being restarted already, and once more after that; the new request joins that one", LogText.ToString());
    }

    [Fact]
    public void RestartWorkers_WhileARollThatFails_RollsOnceMoreAfterRestartFailed()
    {
        var sut = CreateSut(workers: 1);

        At(100, sut.Start);
        At(150, () => sut.Report(0, 100, (at, w) => new WorkerConnected(at, w)));
        At(200, () => sut.RestartWorkers(Signal.SIGQUIT));
        At(250, () => sut.RestartWorkers(Signal.SIGTERM));
        At(300, () => Launcher.Launched[1].Exit(134));
        At(400, () => sut.Report(0, 102, (at, w) => new WorkerConnected(at, w)));
        At(500, () => Launcher.Launched[0].Exit(143));
        Scheduler.Start();

        Events.Messages.Skip(2).AssertEqual(
            OnNext<ClusterEvent>(200, new WorkerSpawned(Time(200), new Worker(0, 101))),
            OnNext<ClusterEvent>(300, new WorkerKilled(Time(300), new Worker(0, 101), 134)),
            OnNext<ClusterEvent>(300, new RestartFailed(Time(300), "the new worker 0 (pid 101) exited with code 134 before it connected", 101, 134, null)),
            OnNext<ClusterEvent>(300, new WorkerSpawned(Time(300), new Worker(0, 102))),
            OnNext<ClusterEvent>(400, new WorkerConnected(Time(400), new Worker(0, 102))),
            OnNext<ClusterEvent>(500, new WorkerRemoved(Time(500), new Worker(0, 100))));
        Assert.Equal([Signal.SIGTERM], Launcher.Launched[0].Signals);
        Assert.Equal([new Worker(0, 102)], sut.Workers);
    }

    [Fact]
    public void Close_WhileARollIsAskedForAgain_NoFurtherRollStarts()
    {
        var sut = CreateSut(workers: 1);

        At(100, sut.Start);
        At(200, () => sut.RestartWorkers(Signal.SIGQUIT));
        At(250, () => sut.RestartWorkers(Signal.SIGQUIT));
        At(300, () => sut.Close());
        At(400, () => Launcher.Launched[0].Exit(0));
        At(500, () => Launcher.Launched[1].Exit(0));
        Scheduler.Start();

        Assert.Equal(2, Launcher.Launched.Count);
        Assert.Equal(OnNext<ClusterEvent>(500, new Closed(Time(500), 0)), Events.Messages[^1]);
    }

    [Fact]
    public async Task Close_WhileRolling_StopsTheRetiringWorkerToo_AndClosesWhenAllHaveExited()
    {
        var sut = CreateSut(workers: 1);

        At(100, sut.Start);
        At(200, () => sut.RestartWorkers(Signal.SIGQUIT));
        At(300, () => sut.Close());
        At(400, () => Launcher.Launched[0].Exit(0));
        At(500, () => Launcher.Launched[1].Exit(0));
        Scheduler.Start();

        Assert.All(Launcher.Launched, p => Assert.Equal(1, p.StopRequests));
        Assert.Equal(OnNext<ClusterEvent>(500, new Closed(Time(500), 0)), Events.Messages[^1]);
        Assert.Equal(0, await sut.Completion.WaitAsync(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Kill_WorkersDieSoonAfterStart_AreReplacedAtOnceAndNeverCountAsACrashLoop()
    {
        var sut = CreateSut(workers: 1);
        var kills = 3 * ClusterDefaults.MaxBootFailures;
        At(50, sut.Start);
        for (var i = 0; i < kills; i++)
        {
            var at = 100 + (i * 1000);
            At(at, () => sut.Kill(Signal.SIGTERM));
            At(at + 10, () => Launcher.Launched[^1].Exit(143));
        }

        Scheduler.Start();

        Assert.Equal(MasterState.Active, sut.State);
        Assert.Equal(1 + kills, Launcher.Launched.Count);
        Assert.DoesNotContain("replacing it in", LogText.ToString());
    }

    [Fact]
    public async Task BootFailures_NoWorkerServes_BackOffThenGiveUpAfterMaxBootFailuresWithExitCodeOne()
    {
        var sut = CreateSut(workers: 1);
        At(100, sut.Start);
        DieFiftyTicksAfterEachSpawn();
        At(120, () => sut.Report(0, 100, (at, w) => new WorkerException(at, w, "System.IO.FileNotFoundException", "no App.dll", string.Empty)));

        Scheduler.Start();

        var spawns = Events.Messages.Where(m => m.Value.Value is WorkerSpawned).Select(m => m.Time).ToList();
        var gaps = spawns.Zip(spawns.Skip(1), (a, b) => TimeSpan.FromTicks(b - a - 50)).ToList();
        Assert.Equal(ClusterDefaults.MaxBootFailures, spawns.Count);
        Assert.Equal(
            [TimeSpan.Zero, Ms(100), Ms(200), Ms(400), Ms(800), Ms(1600), Ms(3200), Ms(5000), Ms(5000)],
            gaps);
        Assert.Equal(new Closing(Events.Messages[^2].Value.Value.Timestamp, MasterState.HardShutdown), Events.Messages[^3].Value.Value);
        Assert.IsType<Closed>(Events.Messages[^1].Value.Value);
        Assert.Equal(1, await sut.Completion.WaitAsync(TimeSpan.FromSeconds(1)));
        Assert.Contains("workers keep failing to start: no worker serves, and the last 10 failed to boot", LogText.ToString());
        Assert.Contains("The last exception a worker reported: System.IO.FileNotFoundException: no App.dll", LogText.ToString());
    }

    [Fact]
    public void BootFailures_WhileAnotherWorkerServes_AreRetriedForeverAtTheCappedDelay()
    {
        var sut = CreateSut(workers: 2, s => s.Set("max respawn delay", 2000));
        At(100, sut.Start);
        At(110, () => sut.Report(0, 100, (at, w) => new WorkerConnected(at, w)));
        _onEvent = e =>
        {
            if (e is WorkerSpawned { Id: 1 } spawned && Launcher.Launched.Count < 60)
            {
                var process = Launcher.Last(spawned.Id);
                Scheduler.Schedule(TimeSpan.FromTicks(49), () => process.Exit(1));
            }
        };

        Scheduler.Start();

        var spawns = Events.Messages.Where(m => m.Value.Value is WorkerSpawned { Id: 1 }).Select(m => m.Time).ToList();
        var gaps = spawns.Zip(spawns.Skip(1), (a, b) => TimeSpan.FromTicks(b - a - 50)).ToList();
        Assert.Equal(MasterState.Active, sut.State);
        Assert.Equal(60, Launcher.Launched.Count);
        Assert.Equal(Ms(2000), gaps.Max());
        Assert.Equal(Ms(2000), gaps[^1]);
    }

    [Fact]
    public void Deaths_OfServingWorkers_AreAlwaysReplaced_BackingOffUpToTheCapAndFromZeroAfterAStablePeriod()
    {
        var sut = CreateSut(workers: 2);
        var stormEnds = Ticks(TimeSpan.FromSeconds(60));
        At(100, sut.Start);
        _onEvent = e =>
        {
            if (e is WorkerSpawned spawned)
            {
                var process = Launcher.Last(spawned.Id);
                Scheduler.Schedule(TimeSpan.FromMilliseconds(300), () => sut.Report(spawned.Id, spawned.Pid, (at, w) => new WorkerConnected(at, w)));
                if (Scheduler.Clock < stormEnds)
                {
                    Scheduler.Schedule(TimeSpan.FromSeconds(1), () => process.Exit(137)); // a kill storm: each serves 0.7 s
                }
            }
        };

        Scheduler.Start();

        var killed = Events.Messages.Count(m => m.Value.Value is WorkerKilled);
        var delays = Regex.Matches(LogText.ToString(), @"replacing it in (\d+) ms").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(MasterState.Active, sut.State);
        Assert.True(killed > 20, $"{killed} deaths");
        Assert.Equal(5000, delays.Max());
        Assert.Equal([0, 1], sut.Workers.Select(w => w.Id));
        Assert.Equal(2, Launcher.Launched.Count(p => !p.HasExited));
    }

    [Fact]
    public void KilledBySigkillBeforeConnecting_IsADeathNotABootFailure_TheMasterNeverGivesUp()
    {
        var sut = CreateSut(workers: 1);
        At(100, sut.Start);
        _onEvent = e =>
        {
            if (e is WorkerSpawned spawned && Launcher.Launched.Count < 40)
            {
                var process = Launcher.Last(spawned.Id);
                Scheduler.Schedule(TimeSpan.FromTicks(49), () => process.Exit(137)); // kill -9 while it boots
            }
        };

        Scheduler.Start();

        Assert.Equal(MasterState.Active, sut.State);
        Assert.Equal(40, Launcher.Launched.Count);
        Assert.Contains("worker 0 (pid 101) was killed (SIGKILL) before it connected; replacing it in 100 ms", LogText.ToString());
        Assert.DoesNotContain("keep failing to start", LogText.ToString());
    }

    [Fact]
    public void Death_AfterServingForAStablePeriod_IsReplacedAtOnceEvenAfterQuickDeaths()
    {
        var sut = CreateSut(workers: 1);
        var served = Ticks(ClusterDefaults.StablePeriod);
        At(100, sut.Start);
        At(200, () => sut.Report(0, 100, (at, w) => new WorkerConnected(at, w)));
        At(300, () => Launcher.Last(0).Exit(137));                              // served 100 ticks: replaced at once
        At(400, () => sut.Report(0, 101, (at, w) => new WorkerConnected(at, w)));
        At(500, () => Launcher.Last(0).Exit(137));                              // quick again: after 100 ms
        At(500 + Ticks(Ms(100)) + 100, () => sut.Report(0, 102, (at, w) => new WorkerConnected(at, w)));
        At(500 + Ticks(Ms(100)) + 100 + served, () => Launcher.Last(0).Exit(137)); // served 30 s: at once
        Scheduler.Start();

        var spawns = Events.Messages.Where(m => m.Value.Value is WorkerSpawned).Select(m => m.Time).ToList();
        Assert.Equal([100L, 300, 500 + Ticks(Ms(100)), 500 + Ticks(Ms(100)) + 100 + served], spawns);
    }

    [Fact]
    public void ReadyTimeout_WorkerNeverConnects_IsKilledAndItsExitIsABootFailure()
    {
        var sut = CreateSut(workers: 1);
        var deadline = 100 + Ticks(ReadyTimeout);

        At(100, sut.Start);
        At(deadline - 1, () => Assert.Empty(Launcher.Last(0).Signals));
        At(deadline + 10, () => Launcher.Launched[0].Exit(137));
        Scheduler.AdvanceTo(deadline + 10);

        Assert.Equal([Signal.SIGKILL], Launcher.Launched[0].Signals);
        Assert.Equal(2, Launcher.Launched.Count); // the first boot failure is retried at once
        Assert.Contains("worker 0 (pid 100) did not connect within the 'ready timeout' of 20000 ms; killing it", LogText.ToString());
    }

    [Fact]
    public void ReadyTimeout_WorkerConnectedInTime_IsNotKilled()
    {
        var sut = CreateSut(workers: 1);

        At(100, sut.Start);
        At(200, () => sut.Report(0, 100, (at, w) => new WorkerConnected(at, w)));
        Scheduler.AdvanceTo(Ticks(ReadyTimeout) * 3);

        Assert.Empty(Launcher.Launched[0].Signals);
    }

    [Fact]
    public async Task Fail_KillsEveryWorker_AndClosesWithExitCodeOne()
    {
        var sut = CreateSut(workers: 2);

        At(100, sut.Start);
        At(200, () => sut.Fail(new InvalidOperationException("a bug")));
        At(300, () => Launcher.Launched[0].Exit(137));
        At(300, () => Launcher.Launched[1].Exit(137));
        Scheduler.Start();

        Assert.All(Launcher.Launched, p => Assert.Equal([Signal.SIGKILL], p.Signals));
        Assert.Equal(OnNext<ClusterEvent>(300, new Closed(Time(300), 1)), Events.Messages[^1]);
        Assert.Equal(1, await sut.Completion.WaitAsync(TimeSpan.FromSeconds(1)));
        Assert.Contains("unexpected error in the master, shutting down (workers are killed): System.InvalidOperationException: a bug", LogText.ToString());
    }

    [Fact]
    public async Task Launch_Fails_ClosesWithExitCodeOneAndSaysWhy()
    {
        var sut = CreateSut(workers: 1);
        Launcher.Fails = _ => true;

        At(100, sut.Start);
        Scheduler.Start();

        Assert.Equal(1, await sut.Completion.WaitAsync(TimeSpan.FromSeconds(1)));
        Assert.Contains("could not start worker 0: cannot start worker 0", LogText.ToString());
    }

    private static TimeSpan Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    private void DieFiftyTicksAfterEachSpawn() => _onEvent = e =>
    {
        if (e is WorkerSpawned spawned)
        {
            var process = Launcher.Last(spawned.Id);
            Scheduler.Schedule(TimeSpan.FromTicks(49), () => process.Exit(1)); // lands at +50, as At does
        }
    };

    private Supervisor CreateSut(int workers, Action<ClusterSettings>? configure = null)
    {
        var settings = SettingsFor(workers);
        settings.Set("timeout", Timeout);
        settings.Set("ready timeout", ReadyTimeout);
        configure?.Invoke(settings);
        return new(settings, Scheduler, Launcher, e => { Events.OnNext(e); _onEvent(e); }, new ClusterLog(LogText));
    }
}
