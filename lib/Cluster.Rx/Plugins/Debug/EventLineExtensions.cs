using System.Reactive.Linq;

namespace Cluster.Rx;

/// <summary>The master's events as lines of text (see <see cref="EventLine"/>): the operator under the bundled Debug and Logger plugins.</summary>
public static class EventLineExtensions
{
    /// <summary>
    /// One <see cref="EventLine"/> per event that has one (see <see cref="EventLine.From"/>), in order; events
    /// without a line are skipped.
    /// </summary>
    /// <remarks>
    /// As hot or cold as <paramref name="events"/> (<see cref="Master.Events"/> is hot); each line is emitted on the
    /// thread that delivered its event (the master's loop for <see cref="Master.Events"/>); completes or fails when
    /// <paramref name="events"/> does.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null.</exception>
    public static IObservable<EventLine> ToEventLines(this IObservable<ClusterEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return events.Select(EventLine.From).Where(line => line is not null).Select(line => line!);
    }
}
