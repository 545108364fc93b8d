using System.Reactive.Concurrency;

namespace Cluster.Rx;

/// <summary>
/// The answer of <see cref="Plugins.Cli"/> to <see cref="Master.Run"/>: an error when the cluster has no pid files;
/// else the command of the first argument that is a command's flag, or null (no command) so the master starts.
/// </summary>
/// <param name="commands">The commands to match.</param>
/// <param name="console">Where the commands write.</param>
/// <param name="processes">The processes they signal and look at.</param>
/// <param name="scheduler">The clock of their waits.</param>
/// <param name="program">The program's name, for help.</param>
internal sealed class CliRunner(CliCommandTable commands, CliConsole console, IProcessControl processes, IScheduler scheduler, string program)
{
    /// <summary>The error when the cluster does not use <see cref="Plugins.PidFiles"/>.</summary>
    public const string MissingPidFiles =
        "Plugins.Cli() reads the pid files that Plugins.PidFiles() writes; add .Use(Plugins.PidFiles()) to the master";

    /// <summary>The runner of this process: its stdout and stderr, real processes, the default scheduler.</summary>
    public static CliRunner System() =>
        new(Cli.Commands, CliConsole.System(), PosixProcessControl.Instance, DefaultScheduler.Instance, AppDomain.CurrentDomain.FriendlyName);

    /// <summary>
    /// The answer to <paramref name="run"/>: exit code 1 with <see cref="MissingPidFiles"/> on stderr whenever the
    /// cluster has no pid files (so the mistake shows at the first run, with or without a command); null when no
    /// argument is a command; else the command's run, whose failure is written to stderr (exit code 1).
    /// </summary>
    public Task<int>? Answer(PluginRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Master.PidDirectory is not { } directory)
        {
            return Task.FromResult(console.Fail(MissingPidFiles));
        }

        if (commands.Match(run.Arguments) is not { } command)
        {
            return null;
        }

        var context = new CliContext(
            run,
            program,
            new PidFileSet(run.Master.FullPath(directory)),
            console,
            processes,
            scheduler,
            CliLimits.From(run.Master.Settings),
            commands);
        return RunAsync(command, context);
    }

    private static async Task<int> RunAsync(CliCommand command, CliContext context)
    {
        try
        {
            var task = command.Run(context) ?? throw new InvalidOperationException("it returned no task; return Task.FromResult(exitCode)");
            return await task.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return context.Console.Fail($"command '{command.Name}' failed: {e.Message}");
        }
    }
}
