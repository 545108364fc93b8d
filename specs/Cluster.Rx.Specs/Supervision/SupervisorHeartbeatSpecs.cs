using System.Globalization;
using System.Reactive.Concurrency;
using System.Text.RegularExpressions;
using Cluster.Rx.Internal;
using Cluster.Rx.Settings;
using Cluster.Rx.Supervision;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs.Supervision;

/// <summary>
/// Hung workers on virtual time: a heartbeat timeout of 4 s, so workers beat every 1 s; the master checks when a
/// worker would have been silent for 4 s.
/// Worker 0 (pid 100) is spawned at tick 100 and connects at tick 200 unless a spec says otherwise.
/// </summary>
public sealed class SupervisorHeartbeatSpecs : SupervisorSpec
{
    private static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    private Action<ClusterEvent> _onEvent = _ => { };

    private IEnumerable<WorkerHung> Hung => Events.Messages.Select(m => m.Value.Value).OfType<WorkerHung>();

    [Fact]
    public void SilentWorker_IsKilledAfterTheTimeout_WithWorkerHungFirst_AndReplaced()
    {
        var sut = CreateSut(workers: 1);
        var hung = 200 + Ticks(HeartbeatTimeout); // the whole timeout silent since it connected: the check is due then
        var exit = hung + 10;

        At(100, sut.Start);
        At(200, () => sut.Report(0, 100, (at, w) => new WorkerConnected(at, w)));
        At(hung - 1, () => Assert.Empty(Launcher.Last(0).Signals));
        At(exit, () => Launcher.Last(0).Exit(137));
        At(exit + 100, () => sut.Report(0, 101, (at, w) => new WorkerConnected(at, w)));
        Scheduler.AdvanceTo(exit + 200);

        Events.Messages.Skip(1).AssertEqual(
            OnNext<ClusterEvent>(200, new WorkerConnected(Time(200), new Worker(0, 100))),
            OnNext<ClusterEvent>(hung, new WorkerHung(Time(hung), new Worker(0, 100), HeartbeatTimeout)),
            OnNext<ClusterEvent>(exit, new WorkerKilled(Time(exit), new Worker(0, 100), 137)),
            OnNext<ClusterEvent>(exit, new WorkerSpawned(Time(exit), new Worker(0, 101))),
            OnNext<ClusterEvent>(exit + 100, new WorkerConnected(Time(exit + 100), new Worker(0, 101))));
        Assert.Equal([Signal.SIGKILL], Launcher.Launched[0].Signals);
        Assert.Equal([new Worker(0, 101)], sut.Workers);
        Assert.Contains("worker 0 (pid 100) sent no heartbeat for 4.0 s, over the 'heartbeat timeout' of 4000 ms; killing it (SIGKILL)", LogText.ToString());
    }

    [Fact]
    public void WorkerThatStopsBeating_IsFoundHungOnce_WithTheSilenceSinceItsLastBeat()
    {
        var sut = CreateSut(workers: 1);
        var lastBeat = 200 + Ticks(9.5 * Second);

        At(100, sut.Start);
        At(200, () => sut.Report(0, 100, (at, w) => new WorkerConnected(at, w)));
        for (var beat = 200 + Ticks(0.5 * Second); beat <= lastBeat; beat += Ticks(Second))
        {
            Beat(beat, sut, pid: 100);
        }

        Scheduler.AdvanceTo(Ticks(60 * Second)); // the killed process does not exit: it is found hung once only

        var hung = Assert.Single(Hung);
        Assert.Equal(new WorkerHung(Time(lastBeat + Ticks(HeartbeatTimeout)), new Worker(0, 100), HeartbeatTimeout), hung);
        Assert.Equal([Signal.SIGKILL], Launcher.Last(0).Signals);
    }

    [Fact]
    public void WorkerThatKeepsBeating_IsNeverKilled()
    {
        var sut = CreateSut(workers: 2);
        var end = Ticks(10 * 60 * Second);

        At(100, sut.Start);
        At(200, () => sut.Report(0, 100, (at, w) => new WorkerConnected(at, w)));
        At(200, () => sut.Report(1, 101, (at, w) => new WorkerConnected(at, w)));
        for (var beat = 200 + Ticks(Second); beat < end; beat += Ticks(Second))
        {
            Beat(beat, sut, pid: 100);
            Beat(beat + Ticks(0.3 * Second), sut, pid: 101);
        }

        Scheduler.AdvanceTo(end);

        Assert.Empty(Hung);
        Assert.All(Launcher.Launched, p => Assert.Empty(p.Signals));
        Assert.Equal(2, Launcher.Launched.Count);
    }

    [Fact]
    public void WhileEveryWorkerBeats_TheMasterChecksOncePerTimeoutLessABeat_NotAtEveryBeat()
    {
        var loop = new CountingScheduler(Scheduler);
        var sut = CreateSut(workers: 2, scheduler: loop);
        var end = Ticks(10 * 60 * Second);
        var atStart = 0;

        At(100, sut.Start);
        At(200, () => sut.Report(0, 100, (at, w) => new WorkerConnected(at, w)));
        At(200, () => sut.Report(1, 101, (at, w) => new WorkerConnected(at, w)));
        At(300, () => atStart = loop.Scheduled);
        for (var beat = 200 + Ticks(Second); beat < end; beat += Ticks(Second))
        {
            Beat(beat, sut, pid: 100);
            Beat(beat + Ticks(0.3 * Second), sut, pid: 101);
        }

        Scheduler.AdvanceTo(end);

        // Each check finds the older of the two last beats at most 1 s old, so the next is due 3 to 4 s later: 150 to
        // 200 checks in 10 minutes, where a check every heartbeat interval would have been 600.
        Assert.InRange(loop.Scheduled - atStart, 150, 200);
        Assert.Empty(Hung);
    }

    [Fact]
    public void HeartbeatsThatComeLate_ButWithinTheTimeout_AreNoHang()
    {
        var sut = CreateSut(workers: 1);

        At(100, sut.Start);
        At(200, () => sut.Report(0, 100, (at, w) => new WorkerConnected(at, w)));
        Beat(200 + Ticks(3.9 * Second), sut, pid: 100); // a busy spell: three beats missed, the fourth late
        Beat(200 + Ticks(7.8 * Second), sut, pid: 100);
        Beat(200 + Ticks(11.7 * Second), sut, pid: 100);
        Scheduler.AdvanceTo(200 + Ticks(15 * Second));

        Assert.Empty(Hung);
        Assert.Empty(Launcher.Last(0).Signals);
    }

    [Fact]
    public void ZeroTimeout_IsOff_NothingIsCheckedOrScheduled()
    {
        var sut = CreateSut(workers: 1, timeout: TimeSpan.Zero);

        At(100, sut.Start);
        At(200, () => sut.Report(0, 100, (at, w) => new WorkerConnected(at, w)));
        Scheduler.Start();

        Assert.Empty(Hung);
        Assert.Empty(Launcher.Last(0).Signals);

        // Nothing was left to run after the (disarmed) ready timer: the master is idle with heartbeats off.
        Assert.Equal(100 + Ticks(ReadyTimeout), Scheduler.Clock);
    }

    [Fact]
    public void NotYetConnectedWorker_IsLeftToTheReadyTimeout()
    {
        var sut = CreateSut(workers: 1);

        At(100, sut.Start);
        Scheduler.AdvanceTo(100 + Ticks(ReadyTimeout) + 10);

        Assert.Empty(Hung);
        Assert.Equal([Signal.SIGKILL], Launcher.Last(0).Signals);
        Assert.Contains("did not connect within the 'ready timeout'", LogText.ToString());
        Assert.DoesNotContain("heartbeat", LogText.ToString());
    }

    [Fact]
    public void StoppingWorker_IsLeftToItsTimeout_WhileTheOthersAreStillWatched()
    {
        var sut = CreateSut(workers: 2);
        var end = Ticks(60 * Second);

        At(100, sut.Start);
        At(200, () => sut.Report(0, 100, (at, w) => new WorkerConnected(at, w)));
        At(200, () => sut.Report(1, 101, (at, w) => new WorkerConnected(at, w)));
        At(300, () => sut.Remove(1)); // worker 1 drains its connections: silent, but stopping
        Scheduler.AdvanceTo(end);

        var hung = Assert.Single(Hung); // worker 0 never beat either: it is still watched
        Assert.Equal(new Worker(0, 100), hung.Worker);
        Assert.Empty(Launcher.Last(1).Signals);
        Assert.Equal(1, Launcher.Last(1).StopRequests);
    }

    [Fact]
    public void GracefulShutdown_ChecksNothing()
    {
        var sut = CreateSut(workers: 1);

        At(100, sut.Start);
        At(200, () => sut.Report(0, 100, (at, w) => new WorkerConnected(at, w)));
        At(300, () => sut.Close());
        Scheduler.AdvanceTo(Ticks(9 * Second)); // within 'timeout' (10 s): the worker drains, silent

        Assert.Empty(Hung);
        Assert.Empty(Launcher.Last(0).Signals);
    }

    [Fact]
    public void MasterThatWasNotRunning_BlamesNoWorkerForThatGap_AndCountsSilenceFromItsResume()
    {
        var sut = CreateSut(workers: 1);
        var pause = 200 + Ticks(1.5 * Second);
        var resumed = pause + Ticks(30 * Second);

        At(100, sut.Start);
        At(200, () => sut.Report(0, 100, (at, w) => new WorkerConnected(at, w)));
        Beat(200 + Ticks(Second), sut, pid: 100);

        // The master's loop does not run for 30 s (SIGSTOP, a suspended laptop): the clock moves, nothing runs.
        Scheduler.ScheduleAbsolute(pause, () => Scheduler.Sleep(Ticks(30 * Second)));
        Scheduler.AdvanceTo(resumed + Ticks(3 * Second));

        Assert.Empty(Hung);
        Assert.Empty(Launcher.Last(0).Signals);
        Assert.Contains("the master's heartbeat check ran 27.5 s late", LogText.ToString()); // it was due 4 s after the connect

        // Still silent after the resume: found hung once the timeout has passed since the late check.
        Scheduler.AdvanceTo(resumed + Ticks(6 * Second));
        var hung = Assert.Single(Hung);
        Assert.Equal(resumed + Ticks(HeartbeatTimeout), hung.Timestamp.UtcTicks);
        Assert.Equal(new Worker(0, 100), hung.Worker);
    }

    [Fact]
    public void ReplacementThatHangsAgain_IsBackedOffLikeAnyDeath()
    {
        Supervisor? sut = null;
        _onEvent = e =>
        {
            // Every worker connects 10 ticks after it was spawned, never beats, and exits 10 ticks after its SIGKILL.
            switch (e)
            {
                case WorkerSpawned spawned:
                    Scheduler.ScheduleRelative(10L, () => sut!.Report(spawned.Id, spawned.Pid, (at, w) => new WorkerConnected(at, w)));
                    break;
                case WorkerHung hung:
                    Scheduler.ScheduleRelative(10L, () => Launcher.Launched.Single(p => p.Pid == hung.Pid).Exit(137));
                    break;
            }
        };
        sut = CreateSut(workers: 1, timeout: TimeSpan.FromSeconds(1));

        At(100, sut.Start);
        Scheduler.AdvanceTo(Ticks(20 * Second));

        var delays = Regex.Matches(LogText.ToString(), @"replacing it in (\d+) ms").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([100, 200, 400, 800, 1600], delays.Take(5));
        Assert.Contains("worker 0 (pid 101) died with exit code 137 after serving for 1 s; replacing it in 100 ms", LogText.ToString());
    }

    private void Beat(long ticks, Supervisor sut, int pid) => Scheduler.ScheduleAbsolute(ticks, () => sut.Heartbeat(pid));

    private Supervisor CreateSut(int workers, TimeSpan? timeout = null, Action<ClusterSettings>? configure = null, IScheduler? scheduler = null)
    {
        var settings = new ClusterSettings();
        settings.Set("workers", workers);
        settings.Set("timeout", TimeSpan.FromSeconds(10));
        settings.Set("ready timeout", ReadyTimeout);
        settings.Set("heartbeat timeout", timeout ?? HeartbeatTimeout);
        configure?.Invoke(settings);
        return new(settings, scheduler ?? Scheduler, Launcher, e => { Events.OnNext(e); _onEvent(e); }, new ClusterLog(LogText));
    }
}
