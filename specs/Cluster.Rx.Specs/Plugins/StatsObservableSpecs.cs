using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs;

/// <summary>The Stats plugin's operator on virtual time: a <c>Scan</c> over a master's events and its workers' reports.</summary>
public sealed class StatsObservableSpecs : ReactiveTest
{
    private const int MasterPid = 10;
    private static readonly string Os = RuntimeInformation.OSDescription;

    private readonly TestScheduler _scheduler = new();

    [Fact]
    public void ToStats_ArgumentChecking()
    {
        var events = Observable.Never<ClusterEvent>();
        var activity = Observable.Never<PluginMessage<WorkerActivity>>();
        Assert.Throws<ArgumentNullException>(() => StatsObservable.ToStats(null!, activity));
        Assert.Throws<ArgumentNullException>(() => events.ToStats(null!));
        Assert.Throws<ArgumentNullException>(() => StatsObservable.ToStats(null!, activity, _scheduler));
        Assert.Throws<ArgumentNullException>(() => events.ToStats(null!, _scheduler));
        Assert.Throws<ArgumentNullException>(() => events.ToStats(activity, null!));
        Assert.Throws<ArgumentNullException>(() => StatsObservable.Stats(null!));
    }

    [Fact]
    public void ToStats_OneSnapshotPerEvent_MasterFromStarted_AWorkerLiveFromSpawnToExit_UptimesToEachEvent()
    {
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new Started(Time(210), MasterPid, "/run/ipc")),
            OnNext<ClusterEvent>(220, Spawned(220, 0, 100)),
            OnNext<ClusterEvent>(230, Spawned(230, 1, 101)),
            OnNext<ClusterEvent>(300, new WorkerConnected(Time(300), new Worker(0, 100))),
            OnNext<ClusterEvent>(400, Killed(400, 1, 101)),
            OnCompleted<ClusterEvent>(500));
        var activity = _scheduler.CreateHotObservable<PluginMessage<WorkerActivity>>();

        var results = _scheduler.Start(() => events.ToStats(activity, _scheduler));

        results.Messages.AssertEqual(
            OnNext(210, Snapshot(210, Master(210, workers: 0))),
            OnNext(220, Snapshot(220, Master(220, workers: 1), Idle(220, 0, 100, 220))),
            OnNext(230, Snapshot(230, Master(230, workers: 2), Idle(230, 0, 100, 220), Idle(230, 1, 101, 230))),
            OnNext(300, Snapshot(300, Master(300, workers: 2), Idle(300, 0, 100, 220), Idle(300, 1, 101, 230))),
            OnNext(400, Snapshot(400, Master(400, workers: 1) with { Deaths = 1 }, Idle(400, 0, 100, 220))),
            OnCompleted<ClusterStats>(500));
        events.Subscriptions.AssertEqual(Subscribe(200, 500));
        activity.Subscriptions.AssertEqual(Subscribe(200, 500));
    }

    [Fact]
    public void ToStats_Reports_CountPerWorkerAndForTheCluster_TimestampedByTheScheduler()
    {
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new Started(Time(210), MasterPid, "/run/ipc")),
            OnNext<ClusterEvent>(220, Spawned(220, 0, 100)),
            OnNext<ClusterEvent>(230, Spawned(230, 1, 101)));
        var activity = _scheduler.CreateHotObservable(
            OnNext(300, Report(0, 100, opened: 5, closed: 4, requests: 7)),
            OnNext(310, Report(1, 101, opened: 3, closed: 3, requests: 2)));

        var results = _scheduler.Start(() => events.ToStats(activity, _scheduler), disposed: 400);

        results.Messages.Skip(3).AssertEqual(
            OnNext(300, Snapshot(
                300,
                Master(300, workers: 2) with { Requests = 7, ConnectionsActive = 1, ConnectionsTotal = 5 },
                new WorkerStats(0, 100, Time(220), Ticks(80), 1, 5, 7),
                new WorkerStats(1, 101, Time(230), Ticks(70), 0, 0, 0))),
            OnNext(310, Snapshot(
                310,
                Master(310, workers: 2) with { Requests = 9, ConnectionsActive = 1, ConnectionsTotal = 8 },
                new WorkerStats(0, 100, Time(220), Ticks(90), 1, 5, 7),
                new WorkerStats(1, 101, Time(230), Ticks(80), 0, 3, 2))));
        events.Subscriptions.AssertEqual(Subscribe(200, 400));
        activity.Subscriptions.AssertEqual(Subscribe(200, 400));
    }

    [Fact]
    public void ToStats_RequestsOnly_ConnectionsStayNull()
    {
        var events = _scheduler.CreateHotObservable(OnNext<ClusterEvent>(220, Spawned(220, 0, 100)));
        var activity = _scheduler.CreateHotObservable(OnNext(300, Report(0, 100, opened: null, closed: null, requests: 4)));

        var results = _scheduler.Start(() => events.ToStats(activity, _scheduler).Select(s => (s.Master.Requests, s.Master.ConnectionsTotal, s.Workers[0].ConnectionsActive)));

        results.Messages.AssertEqual(
            OnNext<(long?, long?, long?)>(220, (null, null, null)),
            OnNext<(long?, long?, long?)>(300, (4, null, null)));
    }

    [Fact]
    public void ToStats_WorkerReplacedOrRolled_ClusterTotalsNeverGoDown_AndOnlyDeathsWhileActiveCount()
    {
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new Started(Time(210), MasterPid, "/run/ipc")),
            OnNext<ClusterEvent>(220, Spawned(220, 0, 100)),
            OnNext<ClusterEvent>(400, Killed(400, 0, 100)),
            OnNext<ClusterEvent>(410, Spawned(410, 0, 102)),
            OnNext<ClusterEvent>(600, Spawned(600, 0, 103)),
            OnNext<ClusterEvent>(620, new WorkerRemoved(Time(620), new Worker(0, 102))),
            OnNext<ClusterEvent>(700, new Closing(Time(700), MasterState.GracefulShutdown)),
            OnNext<ClusterEvent>(710, Killed(710, 0, 103)),
            OnNext<ClusterEvent>(720, new Closed(Time(720), 0)),
            OnCompleted<ClusterEvent>(730));
        var activity = _scheduler.CreateHotObservable(
            OnNext(300, Report(0, 100, opened: 10, closed: 10, requests: 10)),
            OnNext(500, Report(0, 102, opened: 3, closed: 2, requests: 3)),
            OnNext(610, Report(0, 102, opened: 5, closed: 5, requests: 5)),
            OnNext(705, Report(0, 103, opened: 1, closed: 1, requests: 1)));

        var results = _scheduler.Start(() => events.ToStats(activity, _scheduler)
            .Select(s => (s.Master.Requests, s.Master.ConnectionsTotal, s.Master.Workers, s.Master.Deaths, s.Master.State)));

        results.Messages.AssertEqual(
            OnNext(210, Expected(null, null, 0, 0, MasterState.Active)),
            OnNext(220, Expected(null, null, 1, 0, MasterState.Active)),
            OnNext(300, Expected(10, 10, 1, 0, MasterState.Active)),
            OnNext(400, Expected(10, 10, 0, 1, MasterState.Active)),
            OnNext(410, Expected(10, 10, 1, 1, MasterState.Active)),
            OnNext(500, Expected(13, 13, 1, 1, MasterState.Active)),
            OnNext(600, Expected(13, 13, 2, 1, MasterState.Active)),
            OnNext(610, Expected(15, 15, 2, 1, MasterState.Active)),
            OnNext(620, Expected(15, 15, 1, 1, MasterState.Active)),
            OnNext(700, Expected(15, 15, 1, 1, MasterState.GracefulShutdown)),
            OnNext(705, Expected(16, 16, 1, 1, MasterState.GracefulShutdown)),
            OnNext(710, Expected(16, 16, 0, 1, MasterState.GracefulShutdown)),
            OnNext(720, Expected(16, 16, 0, 1, MasterState.GracefulShutdown)),
            OnCompleted<(long?, long?, int, int, MasterState)>(730));
        events.Subscriptions.AssertEqual(Subscribe(200, 730));
        activity.Subscriptions.AssertEqual(Subscribe(200, 730));
    }

    [Fact]
    public void ToStats_StaleAndRepeatedReports_ChangeNothing_AndAReportBeforeItsSpawnIsAWorkerSeenThen()
    {
        var events = _scheduler.CreateHotObservable(OnNext<ClusterEvent>(220, Spawned(220, 0, 100)));
        var activity = _scheduler.CreateHotObservable(
            OnNext(300, Report(0, 100, opened: 10, closed: 9, requests: 10)),
            OnNext(310, Report(0, 100, opened: 8, closed: 8, requests: 7)),
            OnNext(320, Report(0, 100, opened: 10, closed: 9, requests: 10)),
            OnNext(330, Report(0, 100, opened: 12, closed: 12, requests: 12)),
            OnNext(340, Report(1, 101, opened: 1, closed: 0, requests: 1)));

        var results = _scheduler.Start(() => events.ToStats(activity, _scheduler).Select(s => (s.Master.Requests, s.Master.ConnectionsActive, s.Workers.Count)));

        results.Messages.AssertEqual(
            OnNext<(long?, long?, int)>(220, (null, null, 1)),
            OnNext<(long?, long?, int)>(300, (10, 1, 1)),
            OnNext<(long?, long?, int)>(310, (10, 1, 1)),
            OnNext<(long?, long?, int)>(320, (10, 1, 1)),
            OnNext<(long?, long?, int)>(330, (12, 0, 1)),
            OnNext<(long?, long?, int)>(340, (13, 1, 2)));
        activity.Subscriptions.AssertEqual(Subscribe(200, 1000));
    }

    [Fact]
    public void ToStats_Restarting_WritesTheSnapshot_KeptUpToDateWhileTheOldWorkersDrain_AndTheNewMasterAddsIt()
    {
        var handed = new JsonObject { ["generation"] = 1 };
        var old = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new Started(Time(210), MasterPid, "/run/ipc")),
            OnNext<ClusterEvent>(220, Spawned(220, 0, 100)),
            OnNext<ClusterEvent>(310, Killed(310, 0, 100)),
            OnNext<ClusterEvent>(320, Spawned(320, 0, 101)),
            OnNext<ClusterEvent>(400, new Restarting(Time(400), handed)),
            OnNext<ClusterEvent>(500, new Closing(Time(500), MasterState.GracefulShutdown)),
            OnNext<ClusterEvent>(510, Killed(510, 0, 101)),
            OnNext<ClusterEvent>(520, new Closed(Time(520), 0)),
            OnCompleted<ClusterEvent>(520));
        var oldActivity = _scheduler.CreateHotObservable(
            OnNext(300, Report(0, 100, opened: 10, closed: 10, requests: 10)),
            OnNext(330, Report(0, 101, opened: 5, closed: 5, requests: 5)),
            OnNext(505, Report(0, 101, opened: 8, closed: 8, requests: 8)));

        var oldResults = _scheduler.Start(() => old.ToStats(oldActivity, _scheduler));

        Assert.Equal(
            """{"generation":1,"stats":{"started":"0001-01-01T00:00:00.000021+00:00","deaths":1,"restarts":1,"requests":18,"connections":18}}""",
            handed.ToJsonString());
        Assert.Equal(18, oldResults.Messages[^2].Value.Value.Master.Requests);
        Assert.Equal(0, oldResults.Messages[^2].Value.Value.Master.Restarts);

        var received = (JsonObject)JsonNode.Parse(handed.ToJsonString())!;
        var scheduler = new TestScheduler();
        var replacement = scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(1010, new Started(Time(1010), 20, "/run/ipc", PreviousMasterPid: MasterPid)),
            OnNext<ClusterEvent>(1020, Spawned(1020, 0, 200)),
            OnNext<ClusterEvent>(1100, new Restarted(Time(1100), MasterPid, received)));
        var newActivity = scheduler.CreateHotObservable(OnNext(1050, Report(0, 200, opened: 4, closed: 3, requests: 4)));

        var results = scheduler.Start(() => replacement.ToStats(newActivity, scheduler).Select(s => s.Master), 1000, 1000, 2000);

        results.Messages.AssertEqual(
            OnNext(1010, Master(1010, workers: 0) with { Pid = 20, Started = Time(1010), Uptime = TimeSpan.Zero }),
            OnNext(1020, Master(1020, workers: 1) with { Pid = 20, Started = Time(1010), Uptime = Ticks(10) }),
            OnNext(1050, Master(1050, workers: 1) with { Pid = 20, Started = Time(1010), Uptime = Ticks(40), Requests = 4, ConnectionsActive = 1, ConnectionsTotal = 4 }),
            OnNext(1100, Master(1100, workers: 1) with { Pid = 20, Deaths = 1, Restarts = 1, Requests = 22, ConnectionsActive = 1, ConnectionsTotal = 22 }));
        replacement.Subscriptions.AssertEqual(Subscribe(1000, 2000));
    }

    [Fact]
    public void ToStats_ASubscriberThatSawLess_NeverLowersTheRestartSnapshot()
    {
        var handed = new JsonObject();
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new Started(Time(210), MasterPid, "/run/ipc")),
            OnNext<ClusterEvent>(220, Spawned(220, 0, 100)),
            OnNext<ClusterEvent>(400, new Restarting(Time(400), handed)));
        var activity = _scheduler.CreateHotObservable(OnNext(300, Report(0, 100, opened: null, closed: null, requests: 10)));
        var early = events.ToStats(activity, _scheduler);
        var late = events.ToStats(activity, _scheduler);
        _scheduler.ScheduleAbsolute(100, () => early.Subscribe());
        _scheduler.ScheduleAbsolute(350, () => late.Subscribe());

        _scheduler.Start();

        Assert.Equal("""{"stats":{"started":"0001-01-01T00:00:00.000021+00:00","deaths":0,"restarts":1,"requests":10}}""", handed.ToJsonString());
    }

    [Fact]
    public void ToStats_EventsFail_FailsAndLetsGoOfTheReports()
    {
        var error = new InvalidOperationException("the master's loop failed");
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(220, Spawned(220, 0, 100)),
            OnError<ClusterEvent>(300, error));
        var activity = _scheduler.CreateHotObservable(OnNext(400, Report(0, 100, opened: 1, closed: 1, requests: 1)));

        var results = _scheduler.Start(() => events.ToStats(activity, _scheduler).Select(s => s.Master.Workers));

        results.Messages.AssertEqual(OnNext(220, 1), OnError<int>(300, error));
        events.Subscriptions.AssertEqual(Subscribe(200, 300));
        activity.Subscriptions.AssertEqual(Subscribe(200, 300));
    }

    [Fact]
    public void Stats_OnAPluginContext_IsTheOperatorOverItsEventsAndTheStatsChannel_OnItsScheduler()
    {
        var context = new FakePluginContext(_scheduler);
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(220, Spawned(220, 0, 100)),
            OnCompleted<ClusterEvent>(500));
        var activity = _scheduler.CreateHotObservable(OnNext(300, Report(0, 100, opened: 2, closed: 1, requests: 2)));
        context.Events = events;
        context.ChannelOf<WorkerActivity>("stats").Received = activity;

        var results = _scheduler.Start(() => context.Stats().Select(s => (s.Timestamp, s.Master.Requests)));

        results.Messages.AssertEqual(
            OnNext<(DateTimeOffset, long?)>(220, (Time(220), null)),
            OnNext<(DateTimeOffset, long?)>(300, (Time(300), 2)),
            OnCompleted<(DateTimeOffset, long?)>(500));
        events.Subscriptions.AssertEqual(Subscribe(200, 500));
        activity.Subscriptions.AssertEqual(Subscribe(200, 500));
    }

    private static (long?, long?, int, int, MasterState) Expected(long? requests, long? connections, int workers, int deaths, MasterState state) =>
        (requests, connections, workers, deaths, state);

    private static ClusterStats Snapshot(long tick, MasterStats master, params WorkerStats[] workers) => new(Time(tick), master, workers);

    private static MasterStats Master(long tick, int workers) =>
        new(MasterPid, Os, MasterState.Active, Time(210), Ticks(tick - 210), workers, 0, 0, null, null, null);

    private static WorkerStats Idle(long tick, int id, int pid, long spawned) =>
        new(id, pid, Time(spawned), Ticks(tick - spawned), null, null, null);

    private static PluginMessage<WorkerActivity> Report(int id, int pid, long? opened, long? closed, long? requests) =>
        new(new Worker(id, pid), new WorkerActivity(opened, closed, requests));

    private static WorkerSpawned Spawned(long tick, int id, int pid) => new(Time(tick), new Worker(id, pid));

    private static WorkerKilled Killed(long tick, int id, int pid) => new(Time(tick), new Worker(id, pid), 137);

    private static TimeSpan Ticks(long ticks) => TimeSpan.FromTicks(ticks);

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);
}
