using System.Diagnostics;

namespace Cluster.Rx.ProcessSpecs.Harness;

/// <summary>Bounded polling, for conditions nothing announces (a process is gone).</summary>
internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="limit"/> passes; true when it held.</summary>
    public static async Task<bool> HoldsAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                return false;
            }

            await Task.Delay(Limits.Poll);
        }

        return true;
    }

    /// <summary>Polls <paramref name="condition"/>; fails the spec with <paramref name="describe"/> when it does not hold within <paramref name="limit"/>.</summary>
    public static async Task AssertAsync(Func<bool> condition, TimeSpan limit, Func<string> describe)
    {
        if (!await HoldsAsync(condition, limit))
        {
            Assert.Fail($"{describe()} (waited {limit.TotalSeconds:0.#} s)");
        }
    }
}
