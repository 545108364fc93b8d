using System.Reactive;
using System.Reactive.Concurrency;
using Cluster.Rx.Systemd;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs.Systemd;

public sealed class SystemdNoticesSpecs : ReactiveTest
{
    private const int MasterPid = 10;
    private const int NewMasterPid = 20;
    private const long Monotonic = 123_456_789;

    private readonly TestScheduler _scheduler = new();

    [Fact]
    public void Of_ArgumentChecking()
    {
        var events = _scheduler.CreateHotObservable<ClusterEvent>();
        var tookOver = _scheduler.CreateHotObservable<Unit>();
        Assert.Throws<ArgumentNullException>(() => SystemdNotices.Of(null!, tookOver, 2, MasterPid, () => false, () => 0));
        Assert.Throws<ArgumentNullException>(() => SystemdNotices.Of(events, null!, 2, MasterPid, () => false, () => 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SystemdNotices.Of(events, tookOver, -1, MasterPid, () => false, () => 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SystemdNotices.Of(events, tookOver, 2, 0, () => false, () => 0));
        Assert.Throws<ArgumentNullException>(() => SystemdNotices.Of(events, tookOver, 2, MasterPid, null!, () => 0));
        Assert.Throws<ArgumentNullException>(() => SystemdNotices.Of(events, tookOver, 2, MasterPid, () => false, null!));
    }

    [Fact]
    public void Of_WorkersConnectOneByOne_ReadyOnceAllServe_StatusAsThePoolChanges()
    {
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new Started(Time(210), MasterPid, "/run/ipc")),
            OnNext<ClusterEvent>(220, Spawned(0, 100)),
            OnNext<ClusterEvent>(221, Spawned(1, 101)),
            OnNext<ClusterEvent>(230, Connected(0, 100)),
            OnNext<ClusterEvent>(240, Connected(1, 101)),
            OnNext<ClusterEvent>(300, Killed(1, 101)),
            OnNext<ClusterEvent>(310, Spawned(1, 102)),
            OnNext<ClusterEvent>(320, Killed(1, 102)),
            OnNext<ClusterEvent>(330, Spawned(1, 103)),
            OnNext<ClusterEvent>(340, Connected(1, 103)));
        var tookOver = _scheduler.CreateHotObservable<Unit>();

        var results = _scheduler.Start(() => Notices(events, tookOver), disposed: 500);

        results.Messages.AssertEqual(
            OnNext(210, "STATUS=0 of 2 workers serving"),
            OnNext(230, "STATUS=1 of 2 workers serving"),
            OnNext(240, "READY=1\nSTATUS=2 of 2 workers serving"),
            OnNext(300, "STATUS=1 of 2 workers serving"),
            OnNext(340, "STATUS=2 of 2 workers serving"));
        events.Subscriptions.AssertEqual(Subscribe(200, 500));
        tookOver.Subscriptions.AssertEqual(Subscribe(200, 500));
    }

    [Fact]
    public void Of_NoWorkers_ReadyAtStart()
    {
        var events = _scheduler.CreateHotObservable(OnNext<ClusterEvent>(210, new Started(Time(210), MasterPid, "/run/ipc")));
        var tookOver = _scheduler.CreateHotObservable<Unit>();

        var results = _scheduler.Start(() => Notices(events, tookOver, workers: 0), disposed: 500);

        results.Messages.AssertEqual(OnNext(210, "READY=1\nSTATUS=0 of 0 workers serving"));
    }

    [Fact]
    public void Of_RollOfWorkers_SuccessorBesideItsPredecessor_CountsBothUntilThePredecessorLeaves_NoSecondReady()
    {
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new Started(Time(210), MasterPid, "/run/ipc")),
            OnNext<ClusterEvent>(230, Connected(0, 100)),
            OnNext<ClusterEvent>(240, Connected(1, 101)),
            OnNext<ClusterEvent>(300, Connected(0, 102)),
            OnNext<ClusterEvent>(310, new WorkerRemoved(Time(310), new Worker(0, 100))));
        var tookOver = _scheduler.CreateHotObservable<Unit>();

        var results = _scheduler.Start(() => Notices(events, tookOver), disposed: 500);

        results.Messages.AssertEqual(
            OnNext(210, "STATUS=0 of 2 workers serving"),
            OnNext(230, "STATUS=1 of 2 workers serving"),
            OnNext(240, "READY=1\nSTATUS=2 of 2 workers serving"),
            OnNext(300, "STATUS=3 workers serving"),
            OnNext(310, "STATUS=2 of 2 workers serving"));
    }

    [Fact]
    public void Of_OldMasterRestarts_ReloadingWithMonotonicTime_ThenHandsOverWithoutStopping()
    {
        var successor = false;
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new Started(Time(210), MasterPid, "/run/ipc")),
            OnNext<ClusterEvent>(230, Connected(0, 100)),
            OnNext<ClusterEvent>(300, new Restarting(Time(300), [])),
            OnNext<ClusterEvent>(400, new Closing(Time(400), MasterState.GracefulShutdown)),
            OnNext<ClusterEvent>(410, Killed(0, 100)),
            OnNext<ClusterEvent>(420, new Closed(Time(420), 0)),
            OnCompleted<ClusterEvent>(430));
        var tookOver = _scheduler.CreateHotObservable(OnCompleted<Unit>(430));
        _scheduler.ScheduleAbsolute(350, () => successor = true);

        var results = _scheduler.Start(() => Notices(events, tookOver, workers: 1, hasSuccessor: () => successor));

        results.Messages.AssertEqual(
            OnNext(210, "STATUS=0 of 1 workers serving"),
            OnNext(230, "READY=1\nSTATUS=1 of 1 workers serving"),
            OnNext(300, $"RELOADING=1\nMONOTONIC_USEC={Monotonic}\nSTATUS=restarting: 1 of 1 workers serving"),
            OnCompleted<string>(430));
        events.Subscriptions.AssertEqual(Subscribe(200, 430));
        tookOver.Subscriptions.AssertEqual(Subscribe(200, 430));
    }

    [Fact]
    public void Of_RestartFails_OldMasterIsReadyAgain_NamingTheFailure_AndStopsLater()
    {
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new Started(Time(210), MasterPid, "/run/ipc")),
            OnNext<ClusterEvent>(230, Connected(0, 100)),
            OnNext<ClusterEvent>(300, new Restarting(Time(300), [])),
            OnNext<ClusterEvent>(310, Killed(0, 100)),
            OnNext<ClusterEvent>(320, Connected(0, 101)),
            OnNext<ClusterEvent>(350, new RestartFailed(Time(350), "the new master (pid 500) exited\nwith code 1 before it took over", 500, 1, null)),
            OnNext<ClusterEvent>(400, new Closing(Time(400), MasterState.GracefulShutdown)));
        var tookOver = _scheduler.CreateHotObservable<Unit>();

        var results = _scheduler.Start(() => Notices(events, tookOver, workers: 1), disposed: 500);

        results.Messages.AssertEqual(
            OnNext(210, "STATUS=0 of 1 workers serving"),
            OnNext(230, "READY=1\nSTATUS=1 of 1 workers serving"),
            OnNext(300, $"RELOADING=1\nMONOTONIC_USEC={Monotonic}\nSTATUS=restarting: 1 of 1 workers serving"),
            OnNext(310, "STATUS=restarting: 0 of 1 workers serving"),
            OnNext(320, "STATUS=restarting: 1 of 1 workers serving"),
            OnNext(350, "READY=1\nSTATUS=restart failed: the new master (pid 500) exited with code 1 before it took over; 1 of 1 workers serving"),
            OnNext(400, "STOPPING=1\nSTATUS=shutting down gracefully"));
    }

    [Fact]
    public void Of_RollOfWorkersFails_StatusNamesTheFailure_NoReadyAgain()
    {
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new Started(Time(210), MasterPid, "/run/ipc")),
            OnNext<ClusterEvent>(230, Connected(0, 100)),
            OnNext<ClusterEvent>(300, Killed(0, 101)),
            OnNext<ClusterEvent>(300, new RestartFailed(Time(300), "the new worker 0 (pid 101) exited with code 1 before it connected", 101, 1, null)));
        var tookOver = _scheduler.CreateHotObservable<Unit>();

        var results = _scheduler.Start(() => Notices(events, tookOver, workers: 1), disposed: 500);

        results.Messages.AssertEqual(
            OnNext(210, "STATUS=0 of 1 workers serving"),
            OnNext(230, "READY=1\nSTATUS=1 of 1 workers serving"),
            OnNext(300, "STATUS=restart failed: the new worker 0 (pid 101) exited with code 1 before it connected; 1 of 1 workers serving"));
    }

    [Fact]
    public void Of_ReplacementMaster_SilentUntilItTakesOver_ThenMainPidAndReady_ThenStopsAsTheMainOne()
    {
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new Started(Time(210), NewMasterPid, "/run/ipc", PreviousMasterPid: MasterPid)),
            OnNext<ClusterEvent>(230, Connected(0, 200)),
            OnNext<ClusterEvent>(240, Connected(1, 201)),
            OnNext<ClusterEvent>(260, new Restarted(Time(260), MasterPid, [])),
            OnNext<ClusterEvent>(300, Killed(1, 201)),
            OnNext<ClusterEvent>(400, new Closing(Time(400), MasterState.HardShutdown)));
        // The takeover is decided on the same event as the last connection, possibly before this operator sees it.
        var tookOver = _scheduler.CreateHotObservable(OnNext(240, Unit.Default));

        var results = _scheduler.Start(() => Notices(events, tookOver, pid: NewMasterPid), disposed: 500);

        results.Messages.AssertEqual(
            OnNext(240, $"MAINPID={NewMasterPid}\nREADY=1\nSTATUS=2 of 2 workers serving"),
            OnNext(300, "STATUS=1 of 2 workers serving"),
            OnNext(400, "STOPPING=1\nSTATUS=shutting down (hard)"));
    }

    [Fact]
    public void Of_ReplacementMasterFailsToTakeOver_SaysNothing()
    {
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new Started(Time(210), NewMasterPid, "/run/ipc", PreviousMasterPid: MasterPid)),
            OnNext<ClusterEvent>(230, Connected(0, 200)),
            OnNext<ClusterEvent>(240, Killed(1, 201)),
            OnNext<ClusterEvent>(245, Connected(1, 202)),
            OnNext<ClusterEvent>(250, new Closing(Time(250), MasterState.GracefulShutdown)),
            OnNext<ClusterEvent>(300, new Closed(Time(300), 1)),
            OnCompleted<ClusterEvent>(310));
        var tookOver = _scheduler.CreateHotObservable(OnCompleted<Unit>(310));

        var results = _scheduler.Start(() => Notices(events, tookOver, pid: NewMasterPid));

        results.Messages.AssertEqual(OnCompleted<string>(310));
    }

    [Fact]
    public void Of_ShutdownBeforeReady_StopsWithoutEverBeingReady()
    {
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new Started(Time(210), MasterPid, "/run/ipc")),
            OnNext<ClusterEvent>(220, Killed(0, 100)),
            OnNext<ClusterEvent>(300, new Closing(Time(300), MasterState.HardShutdown)),
            OnNext<ClusterEvent>(310, new Closing(Time(310), MasterState.HardShutdown)),
            OnNext<ClusterEvent>(320, Connected(1, 101)),
            OnError<ClusterEvent>(330, new InvalidOperationException("the hub failed")));
        var tookOver = _scheduler.CreateHotObservable<Unit>();

        var results = _scheduler.Start(() => Notices(events, tookOver));

        Assert.Equal(3, results.Messages.Count);
        Assert.Equal(OnNext(210, "STATUS=0 of 2 workers serving"), results.Messages[0]);
        Assert.Equal(OnNext(300, "STOPPING=1\nSTATUS=shutting down (hard)"), results.Messages[1]);
        Assert.Equal(330, results.Messages[2].Time);
        Assert.Equal("the hub failed", results.Messages[2].Value.Exception!.Message);
        events.Subscriptions.AssertEqual(Subscribe(200, 330));
        tookOver.Subscriptions.AssertEqual(Subscribe(200, 330));
    }

    private static IObservable<string> Notices(
        IObservable<ClusterEvent> events,
        IObservable<Unit> tookOver,
        int workers = 2,
        int pid = MasterPid,
        Func<bool>? hasSuccessor = null) =>
        SystemdNotices.Of(events, tookOver, workers, pid, hasSuccessor ?? (() => false), () => Monotonic);

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    private static WorkerSpawned Spawned(int id, int pid) => new(DateTimeOffset.MinValue, new Worker(id, pid));

    private static WorkerConnected Connected(int id, int pid) => new(DateTimeOffset.MinValue, new Worker(id, pid));

    private static WorkerKilled Killed(int id, int pid) => new(DateTimeOffset.MinValue, new Worker(id, pid), 1);
}
