using System.Reactive.Concurrency;
using Cluster.Rx.Internal;
using Cluster.Rx.Settings;
using Cluster.Rx.Supervision;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs.Supervision;

public sealed class SupervisorPacingSpecs : ReactiveTest
{
    private readonly TestScheduler _scheduler = new();
    private readonly FakeLauncher _launcher = new();
    private readonly StringWriter _log = new();
    private readonly ITestableObserver<ClusterEvent> _events;

    public SupervisorPacingSpecs() => _events = _scheduler.CreateObserver<ClusterEvent>();

    [Fact]
    public void Start_MoreWorkersThanTheConcurrency_StartsTheRestAsOthersConnect()
    {
        var sut = CreateSut(workers: 5, concurrency: 2);

        At(100, sut.Start);
        At(200, () => Connect(sut, 0));
        At(300, () => Connect(sut, 1));
        At(400, () => Connect(sut, 2));
        _scheduler.Start();

        Assert.Equal(
            [(100, 0), (100, 1), (200, 2), (300, 3), (400, 4)],
            _events.Messages.Where(m => m.Value.Value is WorkerSpawned).Select(m => (m.Time, ((WorkerSpawned)m.Value.Value).Id)));
        Assert.True(sut.Table.IsTaken(4));
    }

    [Fact]
    public void Start_AStartingWorkerExits_ItsReplacementTakesTheSlot()
    {
        var sut = CreateSut(workers: 2, concurrency: 1);

        At(100, sut.Start);
        At(200, () => _launcher.Last(0).Exit(1));
        At(300, () => Connect(sut, 0));
        _scheduler.Start();

        // The first boot failure is respawned at once and takes the freed slot; worker 1 starts when it connects.
        Assert.Equal(
            [(100, 0, 100), (200, 0, 101), (300, 1, 102)],
            _events.Messages.Where(m => m.Value.Value is WorkerSpawned).Select(m => (m.Time, ((WorkerSpawned)m.Value.Value).Id, ((WorkerSpawned)m.Value.Value).Pid)));
    }

    [Fact]
    public void Remove_WaitingWorkers_AreNeverStarted()
    {
        var sut = CreateSut(workers: 4, concurrency: 2);

        At(100, sut.Start);
        At(150, () => sut.Remove(2));
        At(200, () => Connect(sut, 0));
        At(300, () => Connect(sut, 1));
        _scheduler.Start();

        Assert.Equal([0, 1], _events.Messages.Select(m => m.Value.Value).OfType<WorkerSpawned>().Select(e => e.Id));
        Assert.False(sut.Table.IsTaken(2));
        Assert.False(sut.Table.IsTaken(3));
    }

    [Fact]
    public void Start_ConcurrencyZero_StartsEveryWorkerAtOnce()
    {
        var sut = CreateSut(workers: 6, concurrency: 0);

        At(100, sut.Start);
        _scheduler.Start();

        Assert.Equal(6, _events.Messages.Count(m => m.Time == 100 && m.Value.Value is WorkerSpawned));
    }

    [Fact]
    public void Destroy_WhileWorkersWait_StartsNoMore()
    {
        var sut = CreateSut(workers: 3, concurrency: 1);

        At(100, sut.Start);
        At(150, sut.Destroy);
        At(200, () => _launcher.Last(0).Exit(137));
        _scheduler.Start();

        Assert.Single(_launcher.Launched);
        Assert.True(sut.Completion.IsCompleted);
    }

    private void Connect(Supervisor sut, int id) => sut.Report(id, _launcher.Last(id).Pid, (at, w) => new WorkerConnected(at, w));

    private Supervisor CreateSut(int workers, int concurrency)
    {
        var settings = new ClusterSettings();
        settings.Set("workers", workers);
        settings.Set("spawn concurrency", concurrency);
        return new(settings, _scheduler, _launcher, _events.OnNext, new ClusterLog(_log));
    }

    // Inputs are posted to the scheduler, which runs them one tick later (as in SupervisorSpecs).
    private void At(long ticks, Action action) => _scheduler.ScheduleAbsolute(ticks - 1, action);
}
