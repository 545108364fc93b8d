using System.Reactive.Concurrency;
using Cluster.Rx.Internal;
using Cluster.Rx.Settings;
using Cluster.Rx.Supervision;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs.Supervision;

/// <summary>Recycling on virtual time: a worker past <c>max requests</c> or <c>max memory</c> is replaced successor first.</summary>
public sealed class SupervisorRecycleSpecs : SupervisorSpec
{
    private const long MiB = 1024 * 1024;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public void RecycleRequested_PublishesWorkerRecycled_ThenASuccessor_AndStopsTheOldOneOnlyOnceTheSuccessorConnected()
    {
        var sut = CreateSut(workers: 2);

        At(100, sut.Start);
        Connect(sut, 150, 0, 100);
        Connect(sut, 160, 1, 101);
        At(200, () => sut.RecycleRequested(0, 100, 300, 300));
        At(250, () => Assert.Equal(0, Launcher.Launched[0].StopRequests));
        Connect(sut, 300, 0, 102);
        At(400, () => Launcher.Launched[0].Exit(0));
        Scheduler.Start();

        Events.Messages.Skip(4).AssertEqual(
            OnNext<ClusterEvent>(200, new WorkerRecycled(Time(200), new Worker(0, 100), RecycleReason.MaxRequests, "300 requests (limit 300)")),
            OnNext<ClusterEvent>(200, new WorkerSpawned(Time(200), new Worker(0, 102))),
            OnNext<ClusterEvent>(300, new WorkerConnected(Time(300), new Worker(0, 102))),
            OnNext<ClusterEvent>(400, new WorkerRemoved(Time(400), new Worker(0, 100))));
        Assert.Equal([1, 0, 0], Launcher.Launched.Select(p => p.StopRequests));
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
        Scheduler.Start();

        Assert.Single(Events.Messages.Select(m => m.Value.Value).OfType<WorkerRecycled>());
        Assert.Equal(3, Launcher.Launched.Count);
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
        At(300, () => Launcher.Launched[1].Exit(1));
        At(retry1 - 1, () => Assert.Equal(2, Launcher.Launched.Count));
        At(retry1 + 100, () => Launcher.Launched[2].Exit(1));
        At(retry2 - 1, () => Assert.Equal(3, Launcher.Launched.Count));
        Connect(sut, retry2 + 100, 0, 103);
        At(retry2 + 200, () => Launcher.Launched[0].Exit(0));
        Scheduler.Start();

        var recycled = Events.Messages.Where(m => m.Value.Value is WorkerRecycled).Select(m => m.Time);
        var spawned = Events.Messages.Where(m => m.Value.Value is WorkerSpawned).Select(m => m.Time);
        Assert.Equal([200L, retry1, retry2], recycled);
        Assert.Equal([100L, 200L, retry1, retry2], spawned);
        Assert.Equal(2, Events.Messages.Count(m => m.Value.Value is RestartFailed));
        Assert.Equal(
            OnNext<ClusterEvent>(300, new RestartFailed(Time(300), "the new worker 0 (pid 101) exited with code 1 before it connected", 101, 1, null)),
            Events.Messages.First(m => m.Value.Value is RestartFailed));
        Assert.Equal(1, Launcher.Launched[0].StopRequests);
        Assert.Equal([new Worker(0, 103)], sut.Workers);
        Assert.Contains("recycling worker 0 (pid 100) failed: the new worker 0 (pid 101) exited with code 1 before it connected; it keeps serving and is recycled again in 1000 ms", LogText.ToString());
        Assert.Contains("is recycled again in 2000 ms", LogText.ToString());
        Assert.DoesNotContain("the roll stops", LogText.ToString());
    }

    [Fact]
    public void SuccessorNotReadyInTime_IsKilled_TheOldWorkerKeepsServing()
    {
        var sut = CreateSut(workers: 1);
        var deadline = 200 + Ticks(ReadyTimeout);

        At(100, sut.Start);
        Connect(sut, 150, 0, 100);
        At(200, () => sut.RecycleRequested(0, 100, 500, 500));
        At(deadline + 10, () => Launcher.Launched[1].Exit(137));
        Scheduler.AdvanceTo(deadline + 100);

        Assert.Equal([Signal.SIGKILL], Launcher.Launched[1].Signals);
        Assert.Equal(0, Launcher.Launched[0].StopRequests);
        Assert.Equal([new Worker(0, 100)], sut.Workers);
        Assert.Single(Events.Messages.Select(m => m.Value.Value).OfType<RestartFailed>());
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
        At(check + 200, () => Launcher.Launched[0].Exit(0));
        Scheduler.AdvanceTo(check + Ticks(3 * ClusterDefaults.MemoryCheckInterval));

        Events.Messages.Skip(4).AssertEqual(
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
        Scheduler.AdvanceTo(Ticks(TimeSpan.FromMinutes(1)));

        Assert.Equal(0, reads);
        Assert.Empty(Events.Messages.Select(m => m.Value.Value).OfType<WorkerRecycled>());
    }

    [Fact]
    public void MaxMemory_TheCheckEndsWithTheMaster()
    {
        var reads = 0;
        var sut = CreateSut(workers: 1, s => s.Set("max memory", 256 * MiB), _ => { reads++; return MiB; });

        At(100, sut.Start);
        Connect(sut, 150, 0, 100);
        At(100 + Ticks(ClusterDefaults.MemoryCheckInterval) + 50, () => sut.Close());
        At(100 + Ticks(ClusterDefaults.MemoryCheckInterval) + 60, () => Launcher.Launched[0].Exit(0));
        Scheduler.Start();

        Assert.Equal(1, reads);
        Assert.IsType<Closed>(Events.Messages[^1].Value.Value);
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
        At(400, () => Launcher.Launched[0].Exit(0));
        Connect(sut, 500, 1, 103);
        At(600, () => Launcher.Launched[1].Exit(0));
        Scheduler.Start();

        Assert.Empty(Events.Messages.Select(m => m.Value.Value).OfType<WorkerRecycled>());
        Assert.Equal([0, 1, 0, 1], Launcher.Launched.Select(p => p.Id));
        Assert.Equal([new Worker(0, 102), new Worker(1, 103)], sut.Workers);
        Assert.Contains("worker 1 (pid 101) is due for recycling (300 requests (limit 300)); it is recycled once the roll under way has ended", LogText.ToString());
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
        At(300, () => Launcher.Launched[2].Exit(1));
        Scheduler.AdvanceTo(1000);

        Events.Messages.Skip(4).AssertEqual(
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
        At(260, () => Assert.Equal(3, Launcher.Launched.Count));
        Connect(sut, 300, 0, 102);
        At(400, () => Launcher.Launched[0].Exit(0));
        Connect(sut, 500, 0, 103);
        At(600, () => Launcher.Launched[2].Exit(0));
        Connect(sut, 700, 1, 104);
        At(800, () => Launcher.Launched[1].Exit(0));
        Scheduler.Start();

        var spawned = Events.Messages.Select(m => (m.Time, m.Value.Value)).Where(m => m.Value is WorkerSpawned).Skip(2).ToList();
        Assert.Equal(
            [(200L, new Worker(0, 102)), (400L, new Worker(0, 103)), (600L, new Worker(1, 104))],
            spawned.Select(m => (m.Time, ((WorkerSpawned)m.Value).Worker)));
        Assert.Equal([new Worker(0, 103), new Worker(1, 104)], sut.Workers);
        Assert.Contains("a worker is being recycled; the workers are restarted once its successor has taken over", LogText.ToString());
    }

    [Fact]
    public void OldWorkerDiesWhileItsSuccessorStarts_TheSuccessorTakesTheId_WithoutARespawn()
    {
        var sut = CreateSut(workers: 1);

        At(100, sut.Start);
        Connect(sut, 150, 0, 100);
        At(200, () => sut.RecycleRequested(0, 100, 300, 300));
        At(250, () => Launcher.Launched[0].Exit(137));
        Connect(sut, 300, 0, 101);
        At(400, () => sut.RecycleRequested(0, 101, 300, 300));
        Scheduler.AdvanceTo(500);

        Assert.Equal([new Worker(0, 101)], sut.Workers);
        Assert.Equal([200L, 400L], Events.Messages.Where(m => m.Value.Value is WorkerSpawned).Skip(1).Select(m => m.Time));
        Assert.Equal([200L, 400L], Events.Messages.Where(m => m.Value.Value is WorkerRecycled).Select(m => m.Time));
        Assert.Empty(Events.Messages.Select(m => m.Value.Value).OfType<RestartFailed>());
    }

    private Supervisor CreateSut(int workers, Action<ClusterSettings>? configure = null, Func<int, long?>? read = null)
    {
        var settings = SettingsFor(workers);
        settings.Set("timeout", TimeSpan.FromSeconds(10));
        settings.Set("ready timeout", ReadyTimeout);
        configure?.Invoke(settings);
        return new(settings, Scheduler, Launcher, Events.OnNext, new ClusterLog(LogText))
        {
            ReadResidentBytes = read ?? (_ => throw new InvalidOperationException("memory read without 'max memory'")),
        };
    }
}
