namespace Cluster.Rx;

/// <summary>A command of <see cref="Plugins.Cli"/>: the flags that call it, one line for help, and what it does.</summary>
/// <param name="Flags">The arguments that call it, as given (<c>-s</c>, <c>--status</c>, <c>status</c>).</param>
/// <param name="Description">One line for help.</param>
/// <param name="Run">Runs it; its result is the program's exit code.</param>
/// <param name="BuiltIn">True for the commands the plugin brings (status, restart, …).</param>
internal sealed record CliCommand(IReadOnlyList<string> Flags, string Description, Func<CliContext, Task<int>> Run, bool BuiltIn = false)
{
    /// <summary>Its name for messages: the last flag without its dashes (<c>status</c>).</summary>
    public string Name => Flags[^1].TrimStart('-');

    /// <summary>Its flags as help shows them: <c>-s, --status, status</c>.</summary>
    public string Usage => string.Join(", ", Flags);
}
