namespace Cluster.Rx;

/// <summary>
/// The commands of <see cref="Plugins.Cli"/>: the built-in ones (<c>help</c>, <c>status</c>, <c>restart</c>,
/// <c>shutdown</c>, <c>stop</c>) and those a program adds with <see cref="Define(string, Func{PluginRun, int}, string)"/>.
/// Define commands before the cluster runs (before <see cref="Master.Run"/>): they are looked up then. Thread-safe.
/// </summary>
public static class Cli
{
    /// <summary>Every command of this program, the built-in ones first.</summary>
    internal static CliCommandTable Commands { get; } = new();

    /// <summary>
    /// Adds a command: when one of the program's arguments is one of <paramref name="flags"/> (the first argument
    /// that is any command's flag counts), <paramref name="run"/> runs instead of the cluster and its result is the
    /// program's exit code. Help lists it after the built-in commands.
    /// </summary>
    /// <param name="flags">The arguments that call it, separated by commas: <c>"-v, --version, version"</c>; each made of letters, digits, '-' and '_', compared exactly.</param>
    /// <param name="run">
    /// Does the command, in the program's process (no master runs): the program's arguments and its cluster
    /// (<see cref="Master.PidOf"/> reads the pid files) are in the <see cref="PluginRun"/>. Returns the exit code. An
    /// exception from it is written to stderr as the command's failure, exit code 1.
    /// </param>
    /// <param name="description">One line for help.</param>
    /// <exception cref="ArgumentException">A flag is malformed, given twice, or taken by a built-in or another defined command (the message names it).</exception>
    public static void Define(string flags, Func<PluginRun, int> run, string description)
    {
        ArgumentNullException.ThrowIfNull(run);
        Commands.Define(flags, context => Task.FromResult(run(context.Run)), description);
    }

    /// <summary>Adds a command that runs asynchronously; see <see cref="Define(string, Func{PluginRun, int}, string)"/>.</summary>
    /// <param name="flags">The arguments that call it, separated by commas: <c>"-v, --version, version"</c>.</param>
    /// <param name="run">Does the command; the task's result is the program's exit code.</param>
    /// <param name="description">One line for help.</param>
    /// <exception cref="ArgumentException">A flag is malformed, given twice, or taken by a built-in or another defined command.</exception>
    public static void Define(string flags, Func<PluginRun, Task<int>> run, string description)
    {
        ArgumentNullException.ThrowIfNull(run);
        Commands.Define(flags, context => run(context.Run), description);
    }
}
