using Cluster.Rx.Supervision;

namespace Cluster.Rx.Specs.Supervision;

public sealed class CrashLoopGuardSpecs
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OnDeath_WorkerLivedPastTheEarlyWindow_IsReplacedAtOnceAndNotCounted()
    {
        var sut = new CrashLoopGuard();

        var delays = Enumerable.Range(0, 50).Select(i => sut.OnDeath(Start.AddSeconds(i), CrashLoopGuard.EarlyDeath, workers: 1));

        Assert.All(delays, d => Assert.Equal(TimeSpan.Zero, d));
        Assert.Equal(0, sut.EarlyDeaths);
    }

    [Fact]
    public void OnDeath_OneEarlyDeathPerWorker_IsReplacedAtOnce()
    {
        var sut = new CrashLoopGuard();

        var delays = Enumerable.Range(0, 4).Select(_ => sut.OnDeath(Start, TimeSpan.FromMilliseconds(10), workers: 4)).ToList();

        Assert.All(delays, d => Assert.Equal(TimeSpan.Zero, d));
    }

    [Fact]
    public void OnDeath_EarlyDeathsBeyondTheWorkerCount_DoubleTheDelayUpToTheMaximum()
    {
        var sut = new CrashLoopGuard();

        var delays = Enumerable.Range(0, 9).Select(_ => sut.OnDeath(Start, TimeSpan.Zero, workers: 1)).ToList();

        Assert.Equal(
            [TimeSpan.Zero, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), CrashLoopGuard.MaxDelay, CrashLoopGuard.MaxDelay, CrashLoopGuard.MaxDelay],
            delays);
    }

    [Fact]
    public void OnDeath_AtTheLimit_GivesUp()
    {
        var sut = new CrashLoopGuard();
        var limit = CrashLoopGuard.Limit(workers: 8);

        var delays = Enumerable.Range(0, limit).Select(_ => sut.OnDeath(Start, TimeSpan.Zero, workers: 8)).ToList();

        Assert.Equal(16, limit);
        Assert.All(delays.SkipLast(1), d => Assert.NotNull(d));
        Assert.Null(delays[^1]);
    }

    [Fact]
    public void OnDeath_EarlyDeathsOlderThanTheWindow_AreForgotten()
    {
        var sut = new CrashLoopGuard();
        for (var i = 0; i < CrashLoopGuard.Limit(1) - 1; i++)
        {
            sut.OnDeath(Start, TimeSpan.Zero, workers: 1);
        }

        var delay = sut.OnDeath(Start + CrashLoopGuard.Window, TimeSpan.Zero, workers: 1);

        Assert.Equal(TimeSpan.Zero, delay);
        Assert.Equal(1, sut.EarlyDeaths);
    }
}
