using System.Reactive.Concurrency;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs;

/// <summary>
/// The Stats plugin's worker part on virtual time (the interval is 100 ticks here): totals sampled one interval after
/// they change and sent in batches, nothing scheduled while idle, pulls answered at once.
/// </summary>
public sealed class StatsReporterSpecs : ReactiveTest
{
    private static readonly TimeSpan Interval = TimeSpan.FromTicks(100);

    private readonly TestScheduler _scheduler = new();
    private readonly FakeWorkerPluginContext _context;

    public StatsReporterSpecs() => _context = new FakeWorkerPluginContext(_scheduler, workerId: 3);

    private List<(long Tick, WorkerActivity Message)> Sent => _context.ChannelOf<WorkerActivity>("stats").Sent;

    [Fact]
    public void Report_AnIdleWorker_SendsNothing_AndSchedulesNothing()
    {
        using var sut = StatsReporter.Start(_context, connections: true, requests: true, Interval);

        _scheduler.AdvanceTo(1000);

        Assert.Empty(Sent);
        Assert.Equal(0, _context.Scheduled);
    }

    [Fact]
    public void Report_AWorkerThatFallsIdle_StopsSampling_AfterOneSampleThatFindsNothingNew()
    {
        _scheduler.ScheduleAbsolute(150, () => _context.Serve(1));

        using var sut = StatsReporter.Start(_context, connections: true, requests: true, Interval);
        _scheduler.AdvanceTo(10_000);

        Assert.Equal([(250, new WorkerActivity(1, 1, 1))], Sent);
        Assert.Equal(1, _context.Scheduled);
    }

    [Fact]
    public void Report_WhatWasCountedBeforeItStarted_IsSentOneIntervalAfterTheStart()
    {
        // A worker's plugin parts attach once its server accepts: the first requests may be served before that.
        _scheduler.AdvanceTo(50);
        _context.Serve(3);

        using var sut = StatsReporter.Start(_context, connections: true, requests: true, Interval);
        _scheduler.AdvanceTo(1000);

        Assert.Equal([(150, new WorkerActivity(3, 3, 3))], Sent);
    }

    [Fact]
    public void Report_ManyRequestsWithinAnInterval_OneFrameWithTheTotals_OneIntervalAfterTheFirst_ThenNothingUntilMoreCome()
    {
        _scheduler.ScheduleAbsolute(150, () => _context.Serve(1000));
        _scheduler.ScheduleAbsolute(240, () => _context.Serve(5));
        _scheduler.ScheduleAbsolute(260, () => _context.Activity.ConnectionOpened());
        _scheduler.ScheduleAbsolute(620, () => _context.Activity.ConnectionClosed());

        using var sut = StatsReporter.Start(_context, connections: true, requests: true, Interval);
        _scheduler.AdvanceTo(1000);

        Assert.Equal(
            [
                (250, new WorkerActivity(1005, 1005, 1005)),
                (360, new WorkerActivity(1006, 1005, 1005)),
                (720, new WorkerActivity(1006, 1006, 1005)),
            ],
            Sent);
    }

    [Fact]
    public void Report_APull_IsAnsweredAtOnce_EvenWhenNothingChanged_AndTheNextBatchWaitsForAChange()
    {
        var pulls = _scheduler.CreateHotObservable(
            OnNext(120, new StatsPull(1)),
            OnNext(150, new StatsPull(2)));
        _context.ChannelOf<StatsPull>("stats.pull").Received = pulls;
        _scheduler.ScheduleAbsolute(140, () => _context.Serve(2));

        var sut = StatsReporter.Start(_context, connections: false, requests: true, Interval);
        _scheduler.ScheduleAbsolute(500, sut.Dispose);
        _scheduler.AdvanceTo(1000);

        Assert.Equal(
            [
                (120, new WorkerActivity(null, null, 0, Pull: 1)),
                (150, new WorkerActivity(null, null, 2, Pull: 2)),
            ],
            Sent);
        pulls.Subscriptions.AssertEqual(Subscribe(0, 500));
    }

    [Fact]
    public void Dispose_SendsTheLastTotals_AndEndsTheTimerAndThePulls()
    {
        var pulls = _scheduler.CreateHotObservable(OnNext(300, new StatsPull(1)));
        _context.ChannelOf<StatsPull>("stats.pull").Received = pulls;
        _scheduler.ScheduleAbsolute(150, () => _context.Serve(3));
        _scheduler.ScheduleAbsolute(255, () => _context.Serve(4));
        _scheduler.ScheduleAbsolute(270, () => _context.Serve(1));

        var sut = StatsReporter.Start(_context, connections: true, requests: true, Interval);
        _scheduler.ScheduleAbsolute(260, sut.Dispose);
        _scheduler.AdvanceTo(1000);

        Assert.Equal(
            [
                (250, new WorkerActivity(3, 3, 3)),
                (260, new WorkerActivity(7, 7, 7)),
            ],
            Sent);
        pulls.Subscriptions.AssertEqual(Subscribe(0, 260));
    }

    [Fact]
    public void Report_NothingCounted_NoTimer_APullIsAnsweredWithoutCounts()
    {
        var pulls = _scheduler.CreateHotObservable(OnNext(300, new StatsPull(1)));
        _context.ChannelOf<StatsPull>("stats.pull").Received = pulls;
        _scheduler.ScheduleAbsolute(150, () => _context.Serve(3));

        using var sut = StatsReporter.Start(_context, connections: false, requests: false, Interval);
        _scheduler.AdvanceTo(1000);

        Assert.Equal([(300, new WorkerActivity(null, null, null, Pull: 1))], Sent);
        Assert.Equal(0, _context.Scheduled);
    }
}
