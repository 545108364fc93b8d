using System.Reactive.Concurrency;

namespace Cluster.Rx;

/// <summary>What a command of <see cref="Plugins.Cli"/> runs with.</summary>
/// <param name="Run">The program's arguments and its cluster.</param>
/// <param name="Program">The program's name, for help (<c>usage: PROGRAM [command]</c>).</param>
/// <param name="PidFiles">The pid files the cluster's <c>Plugins.PidFiles</c> writes.</param>
/// <param name="Console">Where to write.</param>
/// <param name="Processes">Signals and liveness of processes by pid.</param>
/// <param name="Scheduler">The clock of every wait.</param>
/// <param name="Limits">How often to look and how long to wait.</param>
/// <param name="Commands">Every command, for help.</param>
internal sealed record CliContext(
    PluginRun Run,
    string Program,
    PidFileSet PidFiles,
    CliConsole Console,
    IProcessControl Processes,
    IScheduler Scheduler,
    CliLimits Limits,
    CliCommandTable Commands);
