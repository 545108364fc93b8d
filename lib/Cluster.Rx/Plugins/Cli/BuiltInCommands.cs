namespace Cluster.Rx;

/// <summary>The commands <see cref="Plugins.Cli"/> brings, with the flags of the original cluster's cli.</summary>
internal static class BuiltInCommands
{
    /// <summary>help, status, restart, shutdown and stop, in the order help lists them.</summary>
    public static IReadOnlyList<CliCommand> All { get; } =
    [
        Create("-h, --help, help", "print this help", HelpCommand.RunAsync),
        Create("-s, --status, status", "show the master and each worker: pid, alive or dead (exit code 3 when the master is not running)", StatusCommand.RunAsync),
        Create("-r, --restart, restart", "restart with zero downtime (SIGUSR2); wait until the new master has taken over and print its pid", RestartCommand.RunAsync),
        Create("-S, --shutdown, shutdown", "graceful shutdown (SIGQUIT): workers finish their work; wait until the master has exited", ShutdownCommand.GracefulAsync),
        Create("-T, --stop, stop", "hard shutdown (SIGTERM): workers are killed; wait until the master has exited", ShutdownCommand.HardAsync),
    ];

    private static CliCommand Create(string flags, string description, Func<CliContext, Task<int>> run) =>
        new(CliFlags.Parse(flags), description, run, BuiltIn: true);
}
