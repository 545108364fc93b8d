using System.Reactive.Concurrency;
using System.Reactive.Linq;

namespace Cluster.Rx;

/// <summary>Bounded waits for what nothing announces (a process gone, a file rewritten), on a scheduler.</summary>
internal static class Polling
{
    private static readonly object Held = new();

    /// <summary>
    /// Asks <paramref name="probe"/> at once and then every <paramref name="every"/>: the first answer that is not
    /// null, or null once <paramref name="limit"/> has passed without one.
    /// </summary>
    /// <returns>
    /// Cold: each subscription polls on its own, on <paramref name="scheduler"/>. One value, then it completes; an
    /// exception from <paramref name="probe"/> ends it with OnError.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="every"/> is not positive, or <paramref name="limit"/> is negative.</exception>
    public static IObservable<T?> FirstOrNull<T>(Func<T?> probe, TimeSpan every, TimeSpan limit, IScheduler scheduler)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(every, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, TimeSpan.Zero);
        return Observable.Timer(TimeSpan.Zero, every, scheduler)
            .Select(_ => probe())
            .Where(answer => answer is not null)
            .Take(1)
            .Amb(Observable.Timer(limit, scheduler).Select(_ => (T?)null));
    }

    /// <summary>
    /// Asks <paramref name="condition"/> at once and then every <paramref name="every"/>: true as soon as it holds,
    /// false once <paramref name="limit"/> has passed without it holding. Cold, one value, as
    /// <see cref="FirstOrNull{T}"/>.
    /// </summary>
    public static IObservable<bool> Until(Func<bool> condition, TimeSpan every, TimeSpan limit, IScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return FirstOrNull(() => condition() ? Held : null, every, limit, scheduler).Select(held => held is not null);
    }
}
