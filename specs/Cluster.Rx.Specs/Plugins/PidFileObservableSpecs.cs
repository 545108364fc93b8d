using System.Reactive;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs;

public sealed class PidFileObservableSpecs : ReactiveTest
{
    private const int MasterPid = 10;

    private readonly TestScheduler _scheduler = new();

    [Fact]
    public void ToPidFileChanges_ArgumentChecking() =>
        Assert.Throws<ArgumentNullException>(() => PidFileObservable.ToPidFileChanges(null!));

    [Fact]
    public void ToPidFileChanges_StartRespawnAndClose_WritesEachFile_RewritesTheRespawned_RemovesAllAfterClosed()
    {
        var events = Events(
            OnNext<ClusterEvent>(210, new Started(Time(210), MasterPid, "/run/ipc")),
            OnNext<ClusterEvent>(220, Spawned(0, 100)),
            OnNext<ClusterEvent>(230, Spawned(1, 101)),
            OnNext<ClusterEvent>(240, new WorkerConnected(Time(240), new Worker(0, 100))),
            OnNext<ClusterEvent>(300, Killed(0, 100)),
            OnNext<ClusterEvent>(310, Spawned(0, 102)),
            OnNext<ClusterEvent>(390, new Closing(Time(390), MasterState.GracefulShutdown)),
            OnNext<ClusterEvent>(400, Killed(0, 102)),
            OnNext<ClusterEvent>(420, new Closed(Time(420), 0)),
            OnCompleted<ClusterEvent>(430));

        var results = _scheduler.Start(() => events.ToPidFileChanges());

        results.Messages.AssertEqual(
            OnNext(210, PidFileChange.Write("master", MasterPid)),
            OnNext(220, PidFileChange.Write("worker.0", 100)),
            OnNext(230, PidFileChange.Write("worker.1", 101)),
            OnNext(300, PidFileChange.Remove("worker.0", 100)),
            OnNext(310, PidFileChange.Write("worker.0", 102)),
            OnNext(400, PidFileChange.Remove("worker.0", 102)),
            OnNext(420, PidFileChange.Remove("master", MasterPid)),
            OnNext(420, PidFileChange.Remove("worker.1", 101)),
            OnCompleted<PidFileChange>(430));
        events.Subscriptions.AssertEqual(Subscribe(200, 430));
    }

    [Fact]
    public void ToPidFileChanges_RollSucceeds_TheSuccessorKeepsTheFile_AndARollThatFailsGivesItBackToThePredecessor()
    {
        var events = Events(
            OnNext<ClusterEvent>(210, new Started(Time(210), MasterPid, "/run/ipc")),
            OnNext<ClusterEvent>(220, Spawned(0, 100)),
            OnNext<ClusterEvent>(230, Spawned(1, 101)),
            OnNext<ClusterEvent>(300, Spawned(0, 102)),
            OnNext<ClusterEvent>(320, new WorkerRemoved(Time(320), new Worker(0, 100))),
            OnNext<ClusterEvent>(400, Spawned(1, 103)),
            OnNext<ClusterEvent>(420, Killed(1, 103)),
            OnNext<ClusterEvent>(420, new RestartFailed(Time(420), "the new worker 1 (pid 103) exited with code 134 before it connected", 103, 134, null)));

        var results = _scheduler.Start(() => events.ToPidFileChanges(), disposed: 500);

        results.Messages.AssertEqual(
            OnNext(210, PidFileChange.Write("master", MasterPid)),
            OnNext(220, PidFileChange.Write("worker.0", 100)),
            OnNext(230, PidFileChange.Write("worker.1", 101)),
            OnNext(300, PidFileChange.Write("worker.0", 102)),
            OnNext(400, PidFileChange.Write("worker.1", 103)),
            OnNext(420, PidFileChange.Write("worker.1", 101)));
        events.Subscriptions.AssertEqual(Subscribe(200, 500));
    }

    [Fact]
    public void ToPidFileChanges_OldMasterHandsOver_LeavesMasterPidAndRemovesOnlyFilesThatStillHoldItsWorkers()
    {
        var events = Events(
            OnNext<ClusterEvent>(210, new Started(Time(210), MasterPid, "/run/ipc")),
            OnNext<ClusterEvent>(220, Spawned(0, 100)),
            OnNext<ClusterEvent>(300, new Restarting(Time(300), [])),
            OnNext<ClusterEvent>(400, new Closing(Time(400), MasterState.GracefulShutdown)),
            OnNext<ClusterEvent>(410, Killed(0, 100)),
            OnNext<ClusterEvent>(420, new Closed(Time(420), 0)),
            OnCompleted<ClusterEvent>(420));

        var results = _scheduler.Start(() => events.ToPidFileChanges());

        results.Messages.AssertEqual(
            OnNext(210, PidFileChange.Write("master", MasterPid)),
            OnNext(220, PidFileChange.Write("worker.0", 100)),
            OnNext(410, PidFileChange.Remove("worker.0", 100)),
            OnCompleted<PidFileChange>(420));
        events.Subscriptions.AssertEqual(Subscribe(200, 420));
    }

    [Fact]
    public void ToPidFileChanges_RestartFails_RewritesEveryFileAndRemovesMasterPidWhenItClosesLater()
    {
        var events = Events(
            OnNext<ClusterEvent>(210, new Started(Time(210), MasterPid, "/run/ipc")),
            OnNext<ClusterEvent>(220, Spawned(0, 100)),
            OnNext<ClusterEvent>(300, new Restarting(Time(300), [])),
            OnNext<ClusterEvent>(350, new RestartFailed(Time(350), "the new master (pid 500) exited with code 1 before it took over", 500, 1, null)),
            OnNext<ClusterEvent>(400, new Closing(Time(400), MasterState.GracefulShutdown)),
            OnNext<ClusterEvent>(410, Killed(0, 100)),
            OnNext<ClusterEvent>(420, new Closed(Time(420), 0)),
            OnCompleted<ClusterEvent>(420));

        var results = _scheduler.Start(() => events.ToPidFileChanges());

        results.Messages.AssertEqual(
            OnNext(210, PidFileChange.Write("master", MasterPid)),
            OnNext(220, PidFileChange.Write("worker.0", 100)),
            OnNext(350, PidFileChange.Write("master", MasterPid)),
            OnNext(350, PidFileChange.Write("worker.0", 100)),
            OnNext(410, PidFileChange.Remove("worker.0", 100)),
            OnNext(420, PidFileChange.Remove("master", MasterPid)),
            OnCompleted<PidFileChange>(420));
    }

    [Fact]
    public void ToPidFileChanges_ARollFailsDuringARestart_TheMasterStillHandsOverAndLeavesMasterPid()
    {
        var events = Events(
            OnNext<ClusterEvent>(210, new Started(Time(210), MasterPid, "/run/ipc")),
            OnNext<ClusterEvent>(220, Spawned(0, 100)),
            OnNext<ClusterEvent>(300, new Restarting(Time(300), [])),
            OnNext<ClusterEvent>(310, Spawned(0, 101)),
            OnNext<ClusterEvent>(320, Killed(0, 101)),
            OnNext<ClusterEvent>(320, new RestartFailed(Time(320), "the new worker 0 (pid 101) exited with code 1 before it connected", 101, 1, null)),
            OnNext<ClusterEvent>(400, new Closing(Time(400), MasterState.GracefulShutdown)),
            OnNext<ClusterEvent>(410, Killed(0, 100)),
            OnNext<ClusterEvent>(420, new Closed(Time(420), 0)));

        var results = _scheduler.Start(() => events.ToPidFileChanges());

        Assert.Equal(
            [PidFileChange.Write("worker.0", 101), PidFileChange.Write("worker.0", 100), PidFileChange.Remove("worker.0", 100)],
            results.Messages.Where(m => m.Time >= 310).Select(m => m.Value.Value));
    }

    [Fact]
    public void ToPidFileChanges_Replacement_WritesMasterPidOnceEveryWorkerItSpawnedHasConnected()
    {
        var events = Events(
            OnNext<ClusterEvent>(210, new Started(Time(210), 20, "/run/ipc", PreviousMasterPid: MasterPid)),
            OnNext<ClusterEvent>(220, Spawned(0, 200)),
            OnNext<ClusterEvent>(220, Spawned(1, 201)),
            OnNext<ClusterEvent>(300, new WorkerConnected(Time(300), new Worker(1, 201))),
            OnNext<ClusterEvent>(310, new WorkerConnected(Time(310), new Worker(0, 200))),
            OnNext<ClusterEvent>(600, new Restarted(Time(600), MasterPid, [])));

        var results = _scheduler.Start(() => events.ToPidFileChanges(), disposed: 700);

        results.Messages.AssertEqual(
            OnNext(220, PidFileChange.Write("worker.0", 200)),
            OnNext(220, PidFileChange.Write("worker.1", 201)),
            OnNext(310, PidFileChange.Write("master", 20)));
        events.Subscriptions.AssertEqual(Subscribe(200, 700));
    }

    [Fact]
    public void ToPidFileChanges_ReplacementWhoseWorkerDiesBeforeTakingOver_NeverWritesMasterPid()
    {
        var events = Events(
            OnNext<ClusterEvent>(210, new Started(Time(210), 20, "/run/ipc", PreviousMasterPid: MasterPid)),
            OnNext<ClusterEvent>(220, Spawned(0, 200)),
            OnNext<ClusterEvent>(220, Spawned(1, 201)),
            OnNext<ClusterEvent>(300, new WorkerConnected(Time(300), new Worker(1, 201))),
            OnNext<ClusterEvent>(310, Killed(0, 200)),
            OnNext<ClusterEvent>(320, new Closing(Time(320), MasterState.GracefulShutdown)),
            OnNext<ClusterEvent>(330, Killed(1, 201)),
            OnNext<ClusterEvent>(340, new Closed(Time(340), 1)),
            OnCompleted<ClusterEvent>(340));

        var results = _scheduler.Start(() => events.ToPidFileChanges());

        results.Messages.AssertEqual(
            OnNext(220, PidFileChange.Write("worker.0", 200)),
            OnNext(220, PidFileChange.Write("worker.1", 201)),
            OnNext(310, PidFileChange.Remove("worker.0", 200)),
            OnNext(330, PidFileChange.Remove("worker.1", 201)),
            OnCompleted<PidFileChange>(340));
    }

    [Fact]
    public void ToPidFileChanges_ReplacementWithoutWorkers_WritesMasterPidAtRestarted()
    {
        var events = Events(
            OnNext<ClusterEvent>(210, new Started(Time(210), 20, "/run/ipc", PreviousMasterPid: MasterPid)),
            OnNext<ClusterEvent>(400, new Restarted(Time(400), MasterPid, [])));

        var results = _scheduler.Start(() => events.ToPidFileChanges(), disposed: 500);

        results.Messages.AssertEqual(OnNext(400, PidFileChange.Write("master", 20)));
        events.Subscriptions.AssertEqual(Subscribe(200, 500));
    }

    [Fact]
    public void ToPidFileChanges_EventsFail_TheErrorPassesAndTheSubscriptionEnds()
    {
        var error = new InvalidOperationException("broken");
        var events = Events(
            OnNext<ClusterEvent>(210, new Started(Time(210), MasterPid, "/run/ipc")),
            OnError<ClusterEvent>(250, error));

        var results = _scheduler.Start(() => events.ToPidFileChanges());

        results.Messages.AssertEqual(
            OnNext(210, PidFileChange.Write("master", MasterPid)),
            OnError<PidFileChange>(250, error));
        events.Subscriptions.AssertEqual(Subscribe(200, 250));
    }

    private ITestableObservable<ClusterEvent> Events(params Recorded<Notification<ClusterEvent>>[] messages) =>
        _scheduler.CreateHotObservable(messages);

    private static WorkerSpawned Spawned(int id, int pid) => new(Time(0), new Worker(id, pid));

    private static WorkerKilled Killed(int id, int pid) => new(Time(0), new Worker(id, pid), 137);

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);
}
