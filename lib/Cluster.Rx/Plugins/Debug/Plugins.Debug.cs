namespace Cluster.Rx;

/// <content>The Debug plugin.</content>
public static partial class Plugins
{
    /// <summary>
    /// Prints a line on the master's stderr for every event (<c>info - worker 0 spawned</c>, <c>warning - worker 2
    /// died</c>, …; see <see cref="DebugLineExtensions.ToDebugLines"/>), one whole line per write.
    /// </summary>
    /// <param name="colors">Colour the level with ANSI codes; only when stderr is a terminal (never into a file or pipe).</param>
    public static Plugin Debug(bool colors = true) => Plugin.Create("debug", context =>
    {
        var colored = colors && !Console.IsErrorRedirected;
        return context.Events.ToDebugLines(colored).Subscribe(line => Console.Error.Write(line + "\n"));
    });
}
