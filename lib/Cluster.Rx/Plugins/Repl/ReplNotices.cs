using System.Reactive.Linq;

namespace Cluster.Rx;

/// <summary>The operator behind the console's notices: what its clients are told, unasked, as the master's events go by.</summary>
internal static class ReplNotices
{
    /// <summary>Told at <see cref="Restarting"/> (the original's words).</summary>
    public const string RestartingNotice = "restarting - closing connection soon";

    /// <summary>Told at <see cref="Closing"/>.</summary>
    public const string ClosingNotice = "the master is shutting down - closing connection soon";

    /// <summary>The notice for each event of <paramref name="events"/> that has one: <see cref="Restarting"/>, <see cref="Closing"/>.</summary>
    /// <returns>As hot or cold as <paramref name="events"/>; each notice on the thread of its event; completes or fails when it does.</returns>
    public static IObservable<string> ToReplNotices(this IObservable<ClusterEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return events
            .Select(e => e switch
            {
                Restarting => RestartingNotice,
                Closing => ClosingNotice,
                _ => null,
            })
            .Where(notice => notice is not null)
            .Select(notice => notice!);
    }
}
