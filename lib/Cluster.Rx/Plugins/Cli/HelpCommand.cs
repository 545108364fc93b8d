namespace Cluster.Rx;

/// <summary><c>help</c>: the usage, every command's flags and description, and where the pid files are. Exit code 0.</summary>
internal static class HelpCommand
{
    public static Task<int> RunAsync(CliContext context)
    {
        foreach (var line in Lines(context.Program, context.PidFiles.Directory, context.Commands.Commands))
        {
            context.Console.Line(line);
        }

        return Task.FromResult(0);
    }

    /// <summary>The help text, a line each: commands in order, their flags aligned, no trailing spaces.</summary>
    public static IReadOnlyList<string> Lines(string program, string directory, IReadOnlyList<CliCommand> commands)
    {
        var width = commands.Count == 0 ? 0 : commands.Max(c => c.Usage.Length);
        return
        [
            $"usage: {program} [command]",
            string.Empty,
            $"Without a command, {program} starts the cluster. With one (the first argument that is a command's flag),",
            $"it controls the running cluster through the pid files in {directory}:",
            string.Empty,
            .. commands.Select(c => $"  {c.Usage.PadRight(width)}  {c.Description}".TrimEnd()),
        ];
    }
}
