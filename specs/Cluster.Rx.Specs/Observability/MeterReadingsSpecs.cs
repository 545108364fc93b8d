using System.Reactive.Linq;
using Cluster.Rx.Observability;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs.Observability;

/// <summary>The meter's operator on virtual time: serving workers, starts, deaths by cause, and the statistics' totals.</summary>
public sealed class MeterReadingsSpecs : ReactiveTest
{
    private readonly TestScheduler _scheduler = new();

    [Fact]
    public void Readings_ArgumentChecking()
    {
        Assert.Throws<ArgumentNullException>(() => MeterReadings.Readings(null!, Observable.Never<ClusterStats>()));
        Assert.Throws<ArgumentNullException>(() => Observable.Never<ClusterEvent>().Readings(null!));
    }

    [Fact]
    public void Readings_WorkersServeFromConnectedToExit_DeathsByCause_ARemovalIsNoDeath()
    {
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, Spawned(210, 0, 100)),
            OnNext<ClusterEvent>(220, Spawned(220, 1, 101)),
            OnNext<ClusterEvent>(230, new WorkerConnected(Time(230), new Worker(0, 100))),
            OnNext<ClusterEvent>(240, new WorkerConnected(Time(240), new Worker(1, 101))),
            OnNext<ClusterEvent>(250, new WorkerWaiting(Time(250), new Worker(1, 101), 2)),
            OnNext<ClusterEvent>(300, Killed(300, 0, 100, exitCode: 1)),
            OnNext<ClusterEvent>(310, Spawned(310, 0, 102)),
            OnNext<ClusterEvent>(320, Killed(320, 0, 102, exitCode: 137)),
            OnNext<ClusterEvent>(330, new WorkerRemoved(Time(330), new Worker(1, 101))),
            OnNext<ClusterEvent>(340, Spawned(340, 0, 103)),
            OnNext<ClusterEvent>(350, new WorkerConnected(Time(350), new Worker(0, 103))),
            OnNext<ClusterEvent>(360, Killed(360, 0, 103, exitCode: 128 + 15)),
            OnCompleted<ClusterEvent>(400));
        var stats = _scheduler.CreateHotObservable<ClusterStats>(OnCompleted<ClusterStats>(400));

        var results = _scheduler.Start(() => events.Readings(stats));

        var initial = MeterReading.Initial;
        results.Messages.AssertEqual(
            OnNext(210, initial with { Starts = 1 }),
            OnNext(220, initial with { Starts = 2 }),
            OnNext(230, initial with { Starts = 2, Workers = 1 }),
            OnNext(240, initial with { Starts = 2, Workers = 2 }),
            OnNext(300, initial with { Starts = 2, Workers = 1, ExitDeaths = 1 }),
            OnNext(310, initial with { Starts = 3, Workers = 1, ExitDeaths = 1 }),
            OnNext(320, initial with { Starts = 3, Workers = 1, ExitDeaths = 1, BootFailures = 1 }),
            OnNext(330, initial with { Starts = 3, Workers = 0, ExitDeaths = 1, BootFailures = 1 }),
            OnNext(340, initial with { Starts = 4, Workers = 0, ExitDeaths = 1, BootFailures = 1 }),
            OnNext(350, initial with { Starts = 4, Workers = 1, ExitDeaths = 1, BootFailures = 1 }),
            OnNext(360, initial with { Starts = 4, Workers = 0, ExitDeaths = 1, BootFailures = 1, SignalDeaths = 1 }),
            OnCompleted<MeterReading>(400));
        events.Subscriptions.AssertEqual(Subscribe(200, 400));
        stats.Subscriptions.AssertEqual(Subscribe(200, 400));
    }

    [Fact]
    public void Readings_WorkersExitingAfterClosing_AreNoDeaths()
    {
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, Spawned(210, 0, 100)),
            OnNext<ClusterEvent>(220, new WorkerConnected(Time(220), new Worker(0, 100))),
            OnNext<ClusterEvent>(300, new Closing(Time(300), MasterState.HardShutdown)),
            OnNext<ClusterEvent>(310, Killed(310, 0, 100, exitCode: 137)),
            OnNext<ClusterEvent>(320, new Closed(Time(320), 0)),
            OnCompleted<ClusterEvent>(320));
        var stats = _scheduler.CreateHotObservable<ClusterStats>(OnCompleted<ClusterStats>(320));

        var results = _scheduler.Start(() => events.Readings(stats));

        results.Messages.AssertEqual(
            OnNext(210, MeterReading.Initial with { Starts = 1 }),
            OnNext(220, MeterReading.Initial with { Starts = 1, Workers = 1 }),
            OnNext(310, MeterReading.Initial with { Starts = 1, Workers = 0 }),
            OnCompleted<MeterReading>(320));
    }

    [Fact]
    public void Readings_Stats_GiveRestartsConnectionsAndRequests_RestartsNeverGoDown_AReadingOnlyWhenItChanged()
    {
        var events = _scheduler.CreateHotObservable<ClusterEvent>(OnCompleted<ClusterEvent>(400));
        var stats = _scheduler.CreateHotObservable(
            OnNext(210, Stats(210, restarts: 0, active: null, total: null, requests: null)),
            OnNext(220, Stats(220, restarts: 2, active: 3, total: 10, requests: 40)),
            OnNext(230, Stats(230, restarts: 2, active: 1, total: 12, requests: 41)),
            OnNext(240, Stats(240, restarts: 1, active: 1, total: 12, requests: 41)),
            OnCompleted<ClusterStats>(400));

        var results = _scheduler.Start(() => events.Readings(stats));

        results.Messages.AssertEqual(
            OnNext(210, MeterReading.Initial),
            OnNext(220, MeterReading.Initial with { Restarts = 2, ConnectionsActive = 3, Connections = 10, Requests = 40 }),
            OnNext(230, MeterReading.Initial with { Restarts = 2, ConnectionsActive = 1, Connections = 12, Requests = 41 }),
            OnCompleted<MeterReading>(400));
    }

    private static ClusterStats Stats(long ticks, int restarts, long? active, long? total, long? requests) =>
        new(Time(ticks), new MasterStats(10, "Linux", MasterState.Active, Time(0), TimeSpan.FromTicks(ticks), 0, 0, restarts, requests, active, total), []);

    private static WorkerSpawned Spawned(long ticks, int id, int pid) => new(Time(ticks), new Worker(id, pid));

    private static WorkerKilled Killed(long ticks, int id, int pid, int exitCode) => new(Time(ticks), new Worker(id, pid), exitCode);

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);
}
