using Cluster.Rx.Ipc;
using Cluster.Rx.Serving;

namespace Cluster.Rx.Specs.Serving;

/// <summary>A worker's own <c>max requests</c>: drawn in [n, n + jitter], and the master asked once when it is reached.</summary>
public sealed class RequestLimitSpecs
{
    [Fact]
    public void Draw_AsksForTheRangeFromMaxToMaxPlusJitter_UpperBoundExclusive()
    {
        var asked = new List<(long Min, long MaxExclusive)>();

        var limit = RequestLimit.Draw(300, 50, (min, max) => { asked.Add((min, max)); return max - 1; });

        Assert.Equal([(300L, 351L)], asked);
        Assert.Equal(350, limit);
    }

    [Fact]
    public void Draw_WithTheRealRandom_StaysWithinMaxAndMaxPlusJitter_AndReachesBothEnds()
    {
        var draws = Enumerable.Range(0, 2000).Select(_ => RequestLimit.Draw(300, 5, RequestLimit.RandomDraw)).ToList();

        Assert.All(draws, d => Assert.InRange(d, 300, 305));
        Assert.Equal([300L, 301L, 302L, 303L, 304L, 305L], draws.Distinct().Order());
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(0, 50, 0)]
    [InlineData(300, 0, 300)]
    public void Draw_WithoutMaxRequests_IsNoLimit_WithoutJitter_IsMaxRequests(long max, long jitter, long expected) =>
        Assert.Equal(expected, RequestLimit.Draw(max, jitter, RequestLimit.RandomDraw));

    [Fact]
    public void Watch_LimitReached_AsksOnce_WithTheCountAndTheLimit_HoweverManyRequestsFollow()
    {
        var activity = new ServerActivity();
        var asks = new List<RecycleMessage>();

        var limit = RequestLimit.Watch(Options(3, 2), activity, asks.Add, (min, _) => min + 1);
        for (var i = 0; i < 3; i++)
        {
            activity.RequestDone();
        }

        Assert.Empty(asks);
        for (var i = 0; i < 10; i++)
        {
            activity.RequestDone();
        }

        Assert.Equal(4, limit);
        Assert.Equal([new RecycleMessage(4, 4)], asks);
    }

    [Fact]
    public void Watch_LimitReachedBeforeWatching_AsksAtOnce()
    {
        var activity = new ServerActivity();
        for (var i = 0; i < 5; i++)
        {
            activity.RequestDone();
        }

        var asks = new List<RecycleMessage>();
        RequestLimit.Watch(Options(5, 0), activity, asks.Add);
        activity.RequestDone();

        Assert.Equal([new RecycleMessage(5, 5)], asks);
    }

    [Fact]
    public void Watch_RequestsFromManyThreads_AsksExactlyOnce()
    {
        var activity = new ServerActivity();
        var asks = 0;

        RequestLimit.Watch(Options(1000, 0), activity, _ => Interlocked.Increment(ref asks));
        Parallel.For(0, 5000, _ => activity.RequestDone());

        Assert.Equal(1, asks);
        Assert.Equal(5000, activity.Requests);
    }

    [Fact]
    public void Watch_NoMaxRequests_NeverAsks()
    {
        var activity = new ServerActivity();
        var asks = 0;

        Assert.Equal(0, RequestLimit.Watch(Options(0, 100), activity, _ => asks++));
        for (var i = 0; i < 1000; i++)
        {
            activity.RequestDone();
        }

        Assert.Equal(0, asks);
    }

    private static OptionsMessage Options(long maxRequests, long jitter) => new(1000, "t", null, null, "/", MaxRequests: maxRequests, MaxRequestsJitter: jitter);
}
