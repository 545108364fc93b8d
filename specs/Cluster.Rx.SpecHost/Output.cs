namespace Cluster.Rx.SpecHost;

/// <summary>
/// Writes whole lines to stdout. Master and workers share one stdout pipe: each line goes out in one write
/// (Console.Out flushes per call), so lines of different processes never mix.
/// </summary>
internal static class Output
{
    public static void Line(string text) => Console.Out.Write(text + "\n");

    /// <summary>Writes a whole line to stderr, in one write.</summary>
    public static void ErrorLine(string text) => Console.Error.Write(text + "\n");
}
