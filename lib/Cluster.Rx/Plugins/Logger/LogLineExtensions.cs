using System.Globalization;
using System.Reactive.Linq;

namespace Cluster.Rx;

/// <summary>The operators of <see cref="Plugins.Logger"/>'s <c>master.log</c>: the master's events and its own log as timestamped lines.</summary>
public static class LogLineExtensions
{
    /// <summary>
    /// One line per event that has one at <paramref name="minimum"/> or above, as <see cref="Plugins.Logger"/> writes
    /// it to <c>master.log</c>: the event's <see cref="ClusterEvent.Timestamp"/> in UTC (ISO 8601, milliseconds), the
    /// level and the text, e.g. <c>2026-11-25T12:00:00.123Z info worker 0 spawned</c>. No line ending.
    /// </summary>
    /// <remarks>
    /// As hot or cold as <paramref name="events"/> (<see cref="Master.Events"/> is hot); each line is emitted on the
    /// thread that delivered its event; completes or fails when <paramref name="events"/> does.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minimum"/> is not a <see cref="LineLevel"/>.</exception>
    public static IObservable<string> ToLogLines(this IObservable<ClusterEvent> events, LineLevel minimum = LineLevel.Info)
    {
        ArgumentNullException.ThrowIfNull(events);
        CheckLevel(minimum);
        return events.ToEventLines().Where(line => line.Level >= minimum).Select(Format);
    }

    /// <summary>
    /// One line per entry of the master's own log (<see cref="IPluginContext.Log"/>) at <paramref name="minimum"/> or
    /// above, in the same format as the events' lines, e.g. <c>2026-11-25T12:00:00.123Z warning worker 0 (pid 42) did
    /// not connect within the 'ready timeout' …</c>.
    /// </summary>
    /// <remarks>As hot or cold as <paramref name="entries"/>; on the thread that delivered each; completes or fails when it does.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minimum"/> is not a <see cref="LineLevel"/>.</exception>
    public static IObservable<string> ToLogLines(this IObservable<ClusterLogEntry> entries, LineLevel minimum = LineLevel.Info)
    {
        ArgumentNullException.ThrowIfNull(entries);
        CheckLevel(minimum);
        return entries
            .Select(entry => new EventLine(entry.Timestamp, LineLevelNames.Parse(entry.Level, nameof(entries)), entry.Text))
            .Where(line => line.Level >= minimum)
            .Select(Format);
    }

    private static void CheckLevel(LineLevel minimum)
    {
        if (!Enum.IsDefined(minimum))
        {
            throw new ArgumentOutOfRangeException(nameof(minimum), minimum, $"valid levels: {LineLevelNames.Valid}");
        }
    }

    internal static string Format(EventLine line) =>
        string.Create(CultureInfo.InvariantCulture, $"{line.Timestamp.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {line.Level.Name()} {line.Text}");
}
