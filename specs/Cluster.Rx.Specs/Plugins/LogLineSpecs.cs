using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs;

/// <summary>ToLogLines on hot event streams in virtual time: timestamped lines, only those at or above the level asked for.</summary>
public sealed class LogLineSpecs : ReactiveTest
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, 123, TimeSpan.Zero);
    private readonly TestScheduler _scheduler = new();

    [Fact]
    public void ToLogLines_ArgumentChecking()
    {
        Assert.Throws<ArgumentNullException>(() => ((IObservable<ClusterEvent>)null!).ToLogLines());
        Assert.Throws<ArgumentOutOfRangeException>(() => _scheduler.CreateHotObservable<ClusterEvent>().ToLogLines((LineLevel)42));
    }

    [Fact]
    public void ToLogLines_Info_SkipsDebugLines_TimestampsInUtcWithMilliseconds()
    {
        var events = EveryLevel();

        var results = _scheduler.Start(() => events.ToLogLines());

        results.Messages.AssertEqual(
            OnNext(220, "2026-11-25T12:00:00.123Z info worker 0 spawned"),
            OnNext(230, "2026-11-25T11:00:00.123Z warning worker 0 died"),
            OnNext(240, "2026-11-25T12:00:00.123Z error worker 0 uncaught exception boom"),
            OnCompleted<string>(300));
        events.Subscriptions.AssertEqual(Subscribe(200, 300));
    }

    [Theory]
    [InlineData(LineLevel.Debug, 4)]
    [InlineData(LineLevel.Info, 3)]
    [InlineData(LineLevel.Warning, 2)]
    [InlineData(LineLevel.Error, 1)]
    public void ToLogLines_Level_KeepsThatLevelAndAbove(LineLevel minimum, int lines)
    {
        var events = EveryLevel();

        var results = _scheduler.Start(() => events.ToLogLines(minimum));

        Assert.Equal(lines, results.Messages.Count(m => m.Value.HasValue));
        events.Subscriptions.AssertEqual(Subscribe(200, 300));
    }

    [Fact]
    public void ToLogLines_TheMastersOwnLog_SameFormat_FromTheLevelAsked()
    {
        var entries = _scheduler.CreateHotObservable(
            OnNext(210, new ClusterLogEntry(Noon, "info", "notice")),
            OnNext(220, new ClusterLogEntry(Noon, "warning", "worker 0 (pid 100) did not connect; killing it")),
            OnNext(230, new ClusterLogEntry(Noon, "error", "workers keep failing to start")),
            OnCompleted<ClusterLogEntry>(300));

        var results = _scheduler.Start(() => entries.ToLogLines(LineLevel.Warning), created: 100, subscribed: 200, disposed: 250);

        results.Messages.AssertEqual(
            OnNext(220, "2026-11-25T12:00:00.123Z warning worker 0 (pid 100) did not connect; killing it"),
            OnNext(230, "2026-11-25T12:00:00.123Z error workers keep failing to start"));
        entries.Subscriptions.AssertEqual(Subscribe(200, 250));
    }

    private ITestableObservable<ClusterEvent> EveryLevel() => _scheduler.CreateHotObservable(
        OnNext<ClusterEvent>(210, new Started(Noon, 1, "/s")),
        OnNext<ClusterEvent>(220, new WorkerSpawned(Noon, new Worker(0, 100))),
        OnNext<ClusterEvent>(230, new WorkerKilled(Noon.ToOffset(TimeSpan.FromHours(2)).AddHours(-1), new Worker(0, 100), 1)),
        OnNext<ClusterEvent>(240, new WorkerException(Noon, new Worker(0, 100), "E", "boom", "")),
        OnCompleted<ClusterEvent>(300));
}
