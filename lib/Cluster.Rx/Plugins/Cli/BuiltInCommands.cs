namespace Cluster.Rx;

/// <summary>
/// The commands <see cref="Plugins.Cli"/> brings, with the flags of the original cluster's cli. The commands that act
/// on the cluster have no one-letter flag: a program's own <c>-r</c> or <c>-S</c>, or a typo, must never restart or
/// stop a service.
/// </summary>
internal static class BuiltInCommands
{
    /// <summary>help, status, restart, shutdown and stop, in the order help lists them.</summary>
    public static IReadOnlyList<CliCommand> All { get; } =
    [
        Create("-h, --help, help", "print this help", HelpCommand.RunAsync),
        Create("-s, --status, status", "show the master and each worker: pid, alive or dead (exit code 3 when the master is not running)", StatusCommand.RunAsync),
        Create("--restart, restart", "restart with zero downtime (SIGUSR2); wait until the new master has taken over and print its pid", RestartCommand.RunAsync),
        Create("--shutdown, shutdown", "graceful shutdown (SIGQUIT): workers finish their work; wait until the master has exited", ShutdownCommand.GracefulAsync),
        Create("--stop, stop", "hard shutdown (SIGTERM): workers are killed; wait until the master has exited", ShutdownCommand.HardAsync),
    ];

    private static CliCommand Create(string flags, string description, Func<CliContext, Task<int>> run) =>
        new(CliFlags.Parse(flags), description, run, BuiltIn: true);
}
