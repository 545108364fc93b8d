using System.Reactive.Linq;

namespace Cluster.Rx;

/// <summary>The operator of <see cref="Plugins.Debug"/>: the master's events as <c>LEVEL - TEXT</c> lines.</summary>
public static class DebugLineExtensions
{
    /// <summary>
    /// One line per event that has one, as <see cref="Plugins.Debug"/> prints it: <c>info - worker 0 spawned</c>,
    /// <c>warning - worker 2 died</c>; with <paramref name="colors"/>, the level is wrapped in ANSI colour codes (grey
    /// debug, cyan info, yellow warning, red error) and the rest is left as it is. No line ending.
    /// </summary>
    /// <remarks>
    /// As hot or cold as <paramref name="events"/> (<see cref="Master.Events"/> is hot); each line is emitted on the
    /// thread that delivered its event; completes or fails when <paramref name="events"/> does. Whether to colour is
    /// the caller's choice: <see cref="Plugins.Debug"/> colours only when asked and stderr is a terminal.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null.</exception>
    public static IObservable<string> ToDebugLines(this IObservable<ClusterEvent> events, bool colors = false)
    {
        ArgumentNullException.ThrowIfNull(events);
        return events.ToEventLines().Select(line => Format(line, colors));
    }

    internal static string Format(EventLine line, bool colors) =>
        colors ? $"\u001b[{Color(line.Level)}m{line.Level.Name()}\u001b[0m - {line.Text}" : $"{line.Level.Name()} - {line.Text}";

    private static int Color(LineLevel level) => level switch
    {
        LineLevel.Debug => 90,
        LineLevel.Info => 36,
        LineLevel.Warning => 33,
        _ => 31,
    };
}
