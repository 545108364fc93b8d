using System.Reactive.Concurrency;
using Cluster.Rx.Internal;
using Cluster.Rx.Settings;
using Cluster.Rx.Supervision;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs.Supervision;

public sealed class SupervisorStandbySpecs : SupervisorSpec
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public void Standbys_StartOnceEveryWorkerServes_WithTheNextFreeId_AndPublishNothing()
    {
        var sut = CreateSut(workers: 2, standby: 1);

        At(100, sut.Start);
        Connect(sut, 150, 0, 100);
        At(155, () => Assert.Empty(Launcher.Standbys));
        Connect(sut, 160, 1, 101);
        Connect(sut, 200, 2, 102);
        Scheduler.Start();

        var standby = Assert.Single(Launcher.Standbys);
        Assert.Equal((2, 102), (standby.Id, standby.Pid));
        Events.Messages.AssertEqual(
            OnNext<ClusterEvent>(100, new WorkerSpawned(Time(100), new Worker(0, 100))),
            OnNext<ClusterEvent>(100, new WorkerSpawned(Time(100), new Worker(1, 101))),
            OnNext<ClusterEvent>(150, new WorkerConnected(Time(150), new Worker(0, 100))),
            OnNext<ClusterEvent>(160, new WorkerConnected(Time(160), new Worker(1, 101))));
        Assert.Equal([new Worker(0, 100), new Worker(1, 101)], sut.Workers);
        Assert.Contains("standby (pid 102) ready", LogText.ToString());
    }

    [Fact]
    public void WorkerDies_ReadyStandbyTakesItsIdAtOnce_AndANewStandbyStartsOnceItServes()
    {
        var sut = CreateSut(workers: 2, standby: 1);

        StartWithReadyStandby(sut);
        At(300, () => Launcher.Last(0).Exit(137));
        At(305, () => Assert.Single(Launcher.Standbys));
        Connect(sut, 310, 0, 102);
        Scheduler.Start();

        // The new standby starts once the promoted one serves, not while it is taking its first requests.
        Events.Messages.Skip(4).AssertEqual(
            OnNext<ClusterEvent>(300, new WorkerKilled(Time(300), new Worker(0, 100), 137)),
            OnNext<ClusterEvent>(300, new WorkerSpawned(Time(300), new Worker(0, 102))),
            OnNext<ClusterEvent>(310, new WorkerConnected(Time(310), new Worker(0, 102))));
        Assert.Equal([0], Launcher.Launched[2].Promotions);
        Assert.Equal([102, 103], Launcher.Standbys.Select(p => p.Pid));
        Assert.Equal([new Worker(0, 102), new Worker(1, 101)], sut.Workers);
    }

    [Fact]
    public void WorkerDies_TheStandbyIsPromotedBeforeAnyoneHearsOfTheDeath()
    {
        List<int>? promotionsWhenPublished = null;
        var sut = CreateSut(workers: 2, standby: 1, publish: report =>
        {
            if (report is WorkerKilled)
            {
                promotionsWhenPublished = [.. Launcher.Launched[2].Promotions];
            }

            Events.OnNext(report);
        });

        StartWithReadyStandby(sut);
        At(300, () => Launcher.Last(0).Exit(137));
        Scheduler.Start();

        Assert.Equal([0], promotionsWhenPublished);
    }

    [Fact]
    public void WorkerDies_BeforeTheStandbyIsReady_IsReplacedByANewProcess()
    {
        var sut = CreateSut(workers: 1, standby: 1);

        At(100, sut.Start);
        Connect(sut, 150, 0, 100);
        At(300, () => Launcher.Last(0).Exit(137));
        Scheduler.Start();

        Assert.Empty(Launcher.Launched[1].Promotions);
        Assert.Equal(new Worker(0, 102), Assert.Single(sut.Workers));
        Assert.False(Launcher.Launched[2].Standby);
    }

    [Fact]
    public void PromotedStandby_ThatNeverSaysItServes_IsKilledAfterTheReadyTimeout()
    {
        var sut = CreateSut(workers: 1, standby: 1);

        At(100, sut.Start);
        Connect(sut, 150, 0, 100);
        Connect(sut, 200, 1, 101);
        At(300, () => Launcher.Last(0).Exit(137));
        Scheduler.AdvanceTo(300 + Ticks(ReadyTimeout) + 1);

        Assert.Equal([Signal.SIGKILL], Launcher.Launched[1].Signals);
    }

    [Fact]
    public void StandbyDies_AnotherStarts_AndStandbysThatKeepDyingBackOff()
    {
        var sut = CreateSut(workers: 1, standby: 1);

        At(100, sut.Start);
        Connect(sut, 150, 0, 100);
        At(200, () => Launcher.Launched[1].Exit(1));
        At(300, () => Launcher.Launched[2].Exit(1));
        Scheduler.AdvanceTo(300 + Ticks(TimeSpan.FromMilliseconds(100)) - 1);
        var beforeBackoff = Launcher.Standbys.Count();
        Scheduler.AdvanceTo(300 + Ticks(TimeSpan.FromMilliseconds(100)) + 1);

        Assert.Equal(2, beforeBackoff);
        Assert.Equal(3, Launcher.Standbys.Count());
        Events.Messages.Skip(2).AssertEqual();
        Assert.Contains("standby (pid 101) exited with code 1", LogText.ToString());
    }

    [Fact]
    public void RestartWorkers_LetsTheStandbysGo_AndUsesFreshOnesAsSuccessors()
    {
        var sut = CreateSut(workers: 2, standby: 1);

        StartWithReadyStandby(sut);
        At(300, () => sut.RestartWorkers(Signal.SIGQUIT));
        Connect(sut, 350, 3, 103);
        Connect(sut, 400, 0, 104);
        At(500, () => Launcher.Launched[0].Exit(0));
        Connect(sut, 600, 1, 103);
        Scheduler.Start();

        // The old standby (102) is let go and a fresh one (103) started; id 0 had no fresh standby ready yet, so its
        // successor (104) was started as a new worker; id 1's successor is the fresh standby.
        Assert.Equal(1, Launcher.Launched[2].StopRequests);
        Assert.Empty(Launcher.Launched[2].Promotions);
        Assert.True(Launcher.Launched[3].Standby);
        Assert.False(Launcher.Launched[4].Standby);
        Assert.Equal([1], Launcher.Launched[3].Promotions);
        Assert.Equal(1, Launcher.Launched[1].StopRequests);
        Assert.Equal([new Worker(0, 104), new Worker(1, 103)], sut.Workers);
    }

    [Fact]
    public void Spawn_WithAReadyStandby_PromotesItToTheNewId()
    {
        var sut = CreateSut(workers: 2, standby: 1);

        StartWithReadyStandby(sut);
        At(300, () => sut.Spawn(1));
        Connect(sut, 310, 2, 102);
        Scheduler.Start();

        Assert.Equal([2], Launcher.Launched[2].Promotions);
        Assert.Equal([new Worker(0, 100), new Worker(1, 101), new Worker(2, 102)], sut.Workers);
    }

    [Fact]
    public void Remove_KeepingOne_NeverGoesBelowIt()
    {
        var sut = CreateSut(workers: 2, standby: 0);

        At(100, sut.Start);
        At(200, () => sut.Remove(1, keep: 1));
        At(300, () => sut.Remove(1, keep: 1));
        Scheduler.Start();

        Assert.Equal(1, Launcher.Launched[1].StopRequests);
        Assert.Equal(0, Launcher.Launched[0].StopRequests);
    }

    [Fact]
    public async Task Close_StopsTheStandbysToo_AndClosesOnceTheyExited()
    {
        var sut = CreateSut(workers: 1, standby: 1);

        At(100, sut.Start);
        Connect(sut, 150, 0, 100);
        At(200, () => sut.Close());
        At(300, () => Launcher.Launched[0].Exit(0));
        Scheduler.AdvanceTo(400);
        Assert.False(sut.Completion.IsCompleted);
        At(500, () => Launcher.Launched[1].Exit(0));
        Scheduler.Start();

        Assert.Equal(1, Launcher.Launched[1].StopRequests);
        Assert.Equal(0, await sut.Completion);
        Assert.Equal(2, Launcher.Launched.Count);
    }

    /// <summary>Workers 0 and 1 (pids 100, 101) serve from 150 and 160; the standby (pid 102) is ready at 200.</summary>
    private void StartWithReadyStandby(Supervisor sut)
    {
        At(100, sut.Start);
        Connect(sut, 150, 0, 100);
        Connect(sut, 160, 1, 101);
        Connect(sut, 200, 2, 102);
    }

    private Supervisor CreateSut(int workers, int standby, Action<ClusterEvent>? publish = null)
    {
        var settings = SettingsFor(workers);
        settings.Set("standby", standby);
        settings.Set("ready timeout", ReadyTimeout);
        return new(settings, Scheduler, Launcher, publish ?? Events.OnNext, new ClusterLog(LogText));
    }
}
