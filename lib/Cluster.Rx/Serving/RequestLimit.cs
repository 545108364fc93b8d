using Cluster.Rx.Ipc;

namespace Cluster.Rx.Serving;

/// <summary>
/// A worker's own <c>max requests</c>: drawn once, uniformly in [<c>max requests</c>, <c>max requests</c> +
/// <c>max requests jitter</c>], so that workers started together do not all reach their limits together. Once the
/// worker's server has done that many requests, the master is asked, once, to recycle the worker: the worker goes on
/// serving until its successor has connected and the master stops it gracefully. The request is never repeated; the
/// master keeps it until it can act on it (see <c>Supervisor.Recycle</c>).
/// </summary>
internal static class RequestLimit
{
    /// <summary>The draw in production: <see cref="Random.Shared"/>, from the first bound inclusive to the second exclusive.</summary>
    public static readonly Func<long, long, long> RandomDraw = (min, maxExclusive) => Random.Shared.NextInt64(min, maxExclusive);

    /// <summary>
    /// The limit of one worker: 0 (none) when <paramref name="maxRequests"/> is 0, else
    /// <paramref name="draw"/>(<paramref name="maxRequests"/>, <paramref name="maxRequests"/> + <paramref name="jitter"/> + 1).
    /// </summary>
    public static long Draw(long maxRequests, long jitter, Func<long, long, long> draw)
    {
        ArgumentNullException.ThrowIfNull(draw);
        return maxRequests <= 0 ? 0 : draw(maxRequests, maxRequests + Math.Max(0, jitter) + 1);
    }

    /// <summary>
    /// Draws this worker's limit from <paramref name="options"/> and watches <paramref name="activity"/>: when it is
    /// reached, <paramref name="ask"/> is called once (on the thread of the request that reached it). Nothing when
    /// there is no limit. Returns the limit drawn (0 for none).
    /// </summary>
    public static long Watch(OptionsMessage options, ServerActivity activity, Action<RecycleMessage> ask, Func<long, long, long>? draw = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(ask);
        var limit = Draw(options.MaxRequests, options.MaxRequestsJitter, draw ?? RandomDraw);
        if (limit == 0)
        {
            return 0;
        }

        var asked = 0;
        activity.WhenRequests(limit, () =>
        {
            if (Interlocked.Exchange(ref asked, 1) == 0)
            {
                ask(new RecycleMessage(activity.Requests, limit));
            }
        });
        return limit;
    }
}
