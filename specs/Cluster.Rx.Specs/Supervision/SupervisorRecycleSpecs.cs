using System.Reactive.Concurrency;
using Cluster.Rx.Internal;
using Cluster.Rx.Settings;
using Cluster.Rx.Supervision;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs.Supervision;

/// <summary>Recycling on virtual time: a worker past <c>max requests</c> or <c>max memory</c> is replaced successor first.</summary>
public sealed class SupervisorRecycleSpecs : ReactiveTest
{
    private const long MiB = 1024 * 1024;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    private readonly TestScheduler _scheduler = new();
    private readonly FakeLauncher _launcher = new();
    private readonly StringWriter _log = new();
    private readonly ITestableObserver<ClusterEvent> _events;

    public SupervisorRecycleSpecs() => _events = _scheduler.CreateObserver<ClusterEvent>();

    [Fact]
    public void RecycleRequested_PublishesWorkerRecycled_ThenASuccessor_AndStopsTheOldOneOnlyOnceTheSuccessorConnected()
    {
        var sut = CreateSut(workers: 2);

        At(100, sut.Start);
        Connect(sut, 150, 0, 100);
        Connect(sut, 160, 1, 101);
        At(200, () => sut.RecycleRequested(0, 100, 300, 300));
        At(250, () => Assert.Equal(0, _launcher.Launched[0].StopRequests));
        Connect(sut, 300, 0, 102);
        At(400, () => _launcher.Launched[0].Exit(0));
        _scheduler.Start();

        _events.Messages.Skip(4).AssertEqual(
            OnNext<ClusterEvent>(200, new WorkerRecycled(Time(200), new Worker(0, 100), RecycleReason.MaxRequests, "300 requests (limit 300)")),
            OnNext<ClusterEvent>(200, new WorkerSpawned(Time(200), new Worker(0, 102))),
            OnNext<ClusterEvent>(300, new WorkerConnected(Time(300), new Worker(0, 102))),
            OnNext<ClusterEvent>(400, new WorkerRemoved(Time(400), new Worker(0, 100))));
        Assert.Equal([1, 0, 0], _launcher.Launched.Select(p => p.StopRequests));
        Assert.Equal([new Worker(0, 102), new Worker(1, 101)], sut.Workers);
    }

    [Fact]
    public void RecycleRequested_Twice_OrFromAStalePidOrAWorkerNotConnected_RecyclesOnceOnly()
    {
        var sut = CreateSut(workers: 2);

        At(100, sut.Start);
        Connect(sut, 150, 0, 100);
        At(200, () => sut.RecycleRequested(0, 100, 300, 300));
        At(210, () => sut.RecycleRequested(0, 100, 300, 300));
        At(220, () => sut.RecycleRequested(0, 999, 300, 300));
        At(230, () => sut.RecycleRequested(1, 101, 300, 300));
        _scheduler.Start();

        Assert.Single(_events.Messages.Select(m => m.Value.Value).OfType<WorkerRecycled>());
        Assert.Equal(3, _launcher.Launched.Count);
    }

    [Fact]
    public void SuccessorFailsToBoot_TheOldWorkerKeepsServing_AndIsRecycledAgainAfterOneSecondThenTwo_NeverAtOnce()
    {
        var sut = CreateSut(workers: 1);
        var retry1 = 300 + Ticks(TimeSpan.FromSeconds(1));
        var retry2 = retry1 + 100 + Ticks(TimeSpan.FromSeconds(2));

        At(100, sut.Start);
        Connect(sut, 150, 0, 100);
        At(200, () => sut.RecycleRequested(0, 100, 500, 500));
        At(300, () => _launcher.Launched[1].Exit(1));
        At(retry1 - 1, () => Assert.Equal(2, _launcher.Launched.Count));
        At(retry1 + 100, () => _launcher.Launched[2].Exit(1));
        At(retry2 - 1, () => Assert.Equal(3, _launcher.Launched.Count));
        Connect(sut, retry2 + 100, 0, 103);
        At(retry2 + 200, () => _launcher.Launched[0].Exit(0));
        _scheduler.Start();

        var recycled = _events.Messages.Where(m => m.Value.Value is WorkerRecycled).Select(m => m.Time);
        var spawned = _events.Messages.Where(m => m.Value.Value is WorkerSpawned).Select(m => m.Time);
        Assert.Equal([200L, retry1, retry2], recycled);
        Assert.Equal([100L, 200L, retry1, retry2], spawned);
        Assert.Equal(2, _events.Messages.Count(m => m.Value.Value is RestartFailed));
        Assert.Equal(
            OnNext<ClusterEvent>(300, new RestartFailed(Time(300), "the new worker 0 (pid 101) exited with code 1 before it connected", 101, 1, null)),
            _events.Messages.First(m => m.Value.Value is RestartFailed));
        Assert.Equal(1, _launcher.Launched[0].StopRequests);
        Assert.Equal([new Worker(0, 103)], sut.Workers);
        Assert.Contains("recycling worker 0 (pid 100) failed: the new worker 0 (pid 101) exited with code 1 before it connected; it keeps serving and is recycled again in 1000 ms", _log.ToString());
        Assert.Contains("is recycled again in 2000 ms", _log.ToString());
        Assert.DoesNotContain("the roll stops", _log.ToString());
    }

    [Fact]
    public void SuccessorNotReadyInTime_IsKilled_TheOldWorkerKeepsServing()
    {
        var sut = CreateSut(workers: 1);
        var deadline = 200 + Ticks(ReadyTimeout);

        At(100, sut.Start);
        Connect(sut, 150, 0, 100);
        At(200, () => sut.RecycleRequested(0, 100, 500, 500));
        At(deadline + 10, () => _launcher.Launched[1].Exit(137));
        _scheduler.AdvanceTo(deadline + 100);

        Assert.Equal([Signal.SIGKILL], _launcher.Launched[1].Signals);
        Assert.Equal(0, _launcher.Launched[0].StopRequests);
        Assert.Equal([new Worker(0, 100)], sut.Workers);
        Assert.Single(_events.Messages.Select(m => m.Value.Value).OfType<RestartFailed>());
    }

    [Fact]
    public void MaxMemory_AWorkerOverTheLimitIsRecycled_OneUnderItIsNot_CheckedEveryFiveSeconds()
    {
        var resident = new Dictionary<int, long> { [100] = 301 * MiB, [101] = 100 * MiB, [102] = 120 * MiB };
        var sut = CreateSut(workers: 2, s => s.Set("max memory", 256 * MiB), pid => resident.GetValueOrDefault(pid));
        var check = 100 + Ticks(ClusterDefaults.MemoryCheckInterval);

        At(100, sut.Start);
        Connect(sut, 150, 0, 100);
        Connect(sut, 160, 1, 101);
        Connect(sut, check + 100, 0, 102);
        At(check + 200, () => _launcher.Launched[0].Exit(0));
        _scheduler.AdvanceTo(check + Ticks(3 * ClusterDefaults.MemoryCheckInterval));

        _events.Messages.Skip(4).AssertEqual(
            OnNext<ClusterEvent>(check, new WorkerRecycled(Time(check), new Worker(0, 100), RecycleReason.MaxMemory, "RSS 301 MiB over 'max memory' 256 MiB")),
            OnNext<ClusterEvent>(check, new WorkerSpawned(Time(check), new Worker(0, 102))),
            OnNext<ClusterEvent>(check + 100, new WorkerConnected(Time(check + 100), new Worker(0, 102))),
            OnNext<ClusterEvent>(check + 200, new WorkerRemoved(Time(check + 200), new Worker(0, 100))));
    }

    [Fact]
    public void MaxMemory_Off_NeverReadsMemory()
    {
        var reads = 0;
        var sut = CreateSut(workers: 1, read: _ => { reads++; return long.MaxValue; });

        At(100, sut.Start);
        Connect(sut, 150, 0, 100);
        _scheduler.AdvanceTo(Ticks(TimeSpan.FromMinutes(1)));

        Assert.Equal(0, reads);
        Assert.Empty(_events.Messages.Select(m => m.Value.Value).OfType<WorkerRecycled>());
    }

    [Fact]
    public void MaxMemory_TheCheckEndsWithTheMaster()
    {
        var reads = 0;
        var sut = CreateSut(workers: 1, s => s.Set("max memory", 256 * MiB), _ => { reads++; return MiB; });

        At(100, sut.Start);
        Connect(sut, 150, 0, 100);
        At(100 + Ticks(ClusterDefaults.MemoryCheckInterval) + 50, () => sut.Close());
        At(100 + Ticks(ClusterDefaults.MemoryCheckInterval) + 60, () => _launcher.Launched[0].Exit(0));
        _scheduler.Start();

        Assert.Equal(1, reads);
        Assert.IsType<Closed>(_events.Messages[^1].Value.Value);
    }

    [Fact]
    public void RecycleRequested_DuringARoll_WaitsForTheRoll_WhichReplacesTheWorker_SoItIsNotRecycledAgain()
    {
        var sut = CreateSut(workers: 2);

        At(100, sut.Start);
        Connect(sut, 150, 0, 100);
        Connect(sut, 160, 1, 101);
        At(200, () => sut.RestartWorkers(Signal.SIGQUIT));
        At(250, () => sut.RecycleRequested(1, 101, 300, 300));
        Connect(sut, 300, 0, 102);
        At(400, () => _launcher.Launched[0].Exit(0));
        Connect(sut, 500, 1, 103);
        At(600, () => _launcher.Launched[1].Exit(0));
        _scheduler.Start();

        Assert.Empty(_events.Messages.Select(m => m.Value.Value).OfType<WorkerRecycled>());
        Assert.Equal([0, 1, 0, 1], _launcher.Launched.Select(p => p.Id));
        Assert.Equal([new Worker(0, 102), new Worker(1, 103)], sut.Workers);
        Assert.Contains("worker 1 (pid 101) is due for recycling (300 requests (limit 300)); it is recycled once the roll under way has ended", _log.ToString());
    }

    [Fact]
    public void RecycleRequested_DuringARollThatFails_IsRecycledWhenTheRollHasEnded()
    {
        var sut = CreateSut(workers: 2);

        At(100, sut.Start);
        Connect(sut, 150, 0, 100);
        Connect(sut, 160, 1, 101);
        At(200, () => sut.RestartWorkers(Signal.SIGQUIT));
        At(250, () => sut.RecycleRequested(1, 101, 300, 300));
        At(300, () => _launcher.Launched[2].Exit(1));
        _scheduler.AdvanceTo(1000);

        _events.Messages.Skip(4).AssertEqual(
            OnNext<ClusterEvent>(200, new WorkerSpawned(Time(200), new Worker(0, 102))),
            OnNext<ClusterEvent>(300, new WorkerKilled(Time(300), new Worker(0, 102), 1)),
            OnNext<ClusterEvent>(300, new RestartFailed(Time(300), "the new worker 0 (pid 102) exited with code 1 before it connected", 102, 1, null)),
            OnNext<ClusterEvent>(300, new WorkerRecycled(Time(300), new Worker(1, 101), RecycleReason.MaxRequests, "300 requests (limit 300)")),
            OnNext<ClusterEvent>(300, new WorkerSpawned(Time(300), new Worker(1, 103))));
    }

    [Fact]
    public void RestartWorkers_DuringARecycle_StartsOnceTheRecycleHasEnded_OneSuccessorPerIdAtATime()
    {
        var sut = CreateSut(workers: 2);

        At(100, sut.Start);
        Connect(sut, 150, 0, 100);
        Connect(sut, 160, 1, 101);
        At(200, () => sut.RecycleRequested(0, 100, 300, 300));
        At(250, () => sut.RestartWorkers(Signal.SIGQUIT));
        At(260, () => Assert.Equal(3, _launcher.Launched.Count));
        Connect(sut, 300, 0, 102);
        At(400, () => _launcher.Launched[0].Exit(0));
        Connect(sut, 500, 0, 103);
        At(600, () => _launcher.Launched[2].Exit(0));
        Connect(sut, 700, 1, 104);
        At(800, () => _launcher.Launched[1].Exit(0));
        _scheduler.Start();

        var spawned = _events.Messages.Select(m => (m.Time, m.Value.Value)).Where(m => m.Value is WorkerSpawned).Skip(2).ToList();
        Assert.Equal(
            [(200L, new Worker(0, 102)), (400L, new Worker(0, 103)), (600L, new Worker(1, 104))],
            spawned.Select(m => (m.Time, ((WorkerSpawned)m.Value).Worker)));
        Assert.Equal([new Worker(0, 103), new Worker(1, 104)], sut.Workers);
        Assert.Contains("a worker is being recycled; the workers are restarted once its successor has taken over", _log.ToString());
    }

    [Fact]
    public void OldWorkerDiesWhileItsSuccessorStarts_TheSuccessorTakesTheId_WithoutARespawn()
    {
        var sut = CreateSut(workers: 1);

        At(100, sut.Start);
        Connect(sut, 150, 0, 100);
        At(200, () => sut.RecycleRequested(0, 100, 300, 300));
        At(250, () => _launcher.Launched[0].Exit(137));
        Connect(sut, 300, 0, 101);
        At(400, () => sut.RecycleRequested(0, 101, 300, 300));
        _scheduler.AdvanceTo(500);

        Assert.Equal([new Worker(0, 101)], sut.Workers);
        Assert.Equal([200L, 400L], _events.Messages.Where(m => m.Value.Value is WorkerSpawned).Skip(1).Select(m => m.Time));
        Assert.Equal([200L, 400L], _events.Messages.Where(m => m.Value.Value is WorkerRecycled).Select(m => m.Time));
        Assert.Empty(_events.Messages.Select(m => m.Value.Value).OfType<RestartFailed>());
    }

    private void Connect(Supervisor sut, long at, int id, int pid) =>
        At(at, () => sut.Report(id, pid, (time, w) => new WorkerConnected(time, w)));

    private Supervisor CreateSut(int workers, Action<ClusterSettings>? configure = null, Func<int, long?>? read = null)
    {
        var settings = new ClusterSettings();
        settings.Set("workers", workers);
        settings.Set("timeout", TimeSpan.FromSeconds(10));
        settings.Set("ready timeout", ReadyTimeout);
        settings.Set("heartbeat timeout", 0); // Heartbeats have specs of their own (SupervisorHeartbeatSpecs).
        configure?.Invoke(settings);
        return new(settings, _scheduler, _launcher, _events.OnNext, new ClusterLog(_log))
        {
            ReadResidentBytes = read ?? (_ => throw new InvalidOperationException("memory read without 'max memory'")),
        };
    }

    // The supervisor posts every input to its scheduler, which runs it one tick later: an input given at ticks - 1 takes effect at ticks.
    private void At(long ticks, Action action) => _scheduler.ScheduleAbsolute(ticks - 1, action);

    private static long Ticks(TimeSpan span) => span.Ticks;

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);
}
