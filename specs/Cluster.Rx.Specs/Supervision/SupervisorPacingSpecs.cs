using System.Reactive.Concurrency;
using Cluster.Rx.Internal;
using Cluster.Rx.Settings;
using Cluster.Rx.Supervision;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs.Supervision;

public sealed class SupervisorPacingSpecs : SupervisorSpec
{
    [Fact]
    public void Start_MoreWorkersThanTheConcurrency_StartsTheRestAsOthersConnect()
    {
        var sut = CreateSut(workers: 5, concurrency: 2);

        At(100, sut.Start);
        At(200, () => Connect(sut, 0));
        At(300, () => Connect(sut, 1));
        At(400, () => Connect(sut, 2));
        Scheduler.Start();

        Assert.Equal(
            [(100, 0), (100, 1), (200, 2), (300, 3), (400, 4)],
            Events.Messages.Where(m => m.Value.Value is WorkerSpawned).Select(m => (m.Time, ((WorkerSpawned)m.Value.Value).Id)));
        Assert.True(sut.Table.IsTaken(4));
    }

    [Fact]
    public void Start_AStartingWorkerExits_ItsReplacementTakesTheSlot()
    {
        var sut = CreateSut(workers: 2, concurrency: 1);

        At(100, sut.Start);
        At(200, () => Launcher.Last(0).Exit(1));
        At(300, () => Connect(sut, 0));
        Scheduler.Start();

        // The first boot failure is respawned at once and takes the freed slot; worker 1 starts when it connects.
        Assert.Equal(
            [(100, 0, 100), (200, 0, 101), (300, 1, 102)],
            Events.Messages.Where(m => m.Value.Value is WorkerSpawned).Select(m => (m.Time, ((WorkerSpawned)m.Value.Value).Id, ((WorkerSpawned)m.Value.Value).Pid)));
    }

    [Fact]
    public void Remove_WaitingWorkers_AreNeverStarted()
    {
        var sut = CreateSut(workers: 4, concurrency: 2);

        At(100, sut.Start);
        At(150, () => sut.Remove(2));
        At(200, () => Connect(sut, 0));
        At(300, () => Connect(sut, 1));
        Scheduler.Start();

        Assert.Equal([0, 1], Events.Messages.Select(m => m.Value.Value).OfType<WorkerSpawned>().Select(e => e.Id));
        Assert.False(sut.Table.IsTaken(2));
        Assert.False(sut.Table.IsTaken(3));
    }

    [Fact]
    public void Start_ConcurrencyZero_StartsEveryWorkerAtOnce()
    {
        var sut = CreateSut(workers: 6, concurrency: 0);

        At(100, sut.Start);
        Scheduler.Start();

        Assert.Equal(6, Events.Messages.Count(m => m.Time == 100 && m.Value.Value is WorkerSpawned));
    }

    [Fact]
    public void Destroy_WhileWorkersWait_StartsNoMore()
    {
        var sut = CreateSut(workers: 3, concurrency: 1);

        At(100, sut.Start);
        At(150, sut.Destroy);
        At(200, () => Launcher.Last(0).Exit(137));
        Scheduler.Start();

        Assert.Single(Launcher.Launched);
        Assert.True(sut.Completion.IsCompleted);
    }

    private void Connect(Supervisor sut, int id) => sut.Report(id, Launcher.Last(id).Pid, (at, w) => new WorkerConnected(at, w));

    private Supervisor CreateSut(int workers, int concurrency)
    {
        var settings = new ClusterSettings();
        settings.Set("workers", workers);
        settings.Set("spawn concurrency", concurrency);
        return new(settings, Scheduler, Launcher, Events.OnNext, new ClusterLog(LogText));
    }
}
