using System.Reactive.Disposables;

namespace Cluster.Rx;

/// <content>The command-line plugin.</content>
public static partial class Plugins
{
    /// <summary>
    /// The program doubles as its own control tool: when one of its arguments is a command's flag (the first such
    /// argument counts; none after <c>--</c>), that command runs instead of the cluster and its result is the exit
    /// code. <c>app status</c> (<c>-s</c>, <c>--status</c>) prints the master and each worker from the pid files —
    /// name, pid, alive or dead — and exits 0 when the master is alive, 3 when it is not; <c>app restart</c>
    /// (<c>--restart</c>) sends the master SIGUSR2, waits until the new master has taken over (<c>master.pid</c> names
    /// it) and prints its pid; <c>app shutdown</c> (<c>--shutdown</c>) sends SIGQUIT and <c>app stop</c> (<c>--stop</c>) SIGTERM, each
    /// waiting until the master has exited; <c>app --help</c> (<c>-h</c>, <c>help</c>) lists every command. Those
    /// three exit 3 when the cluster is not running and 1 when the master cannot be signalled (another user's: the
    /// message names it) or does not do it in time. Add commands with
    /// <see cref="Cli.Define(string, Func{PluginRun, int}, string)"/>. Arguments that are no command's flag reach the
    /// program untouched, and the cluster starts (<c>app --urls http://*:80</c>).
    /// </summary>
    /// <remarks>
    /// <para>
    /// It needs <see cref="PidFiles"/>: it finds the master and the workers through their pid files (the directory
    /// taken as the master takes it, against the <c>working directory</c> setting). A cluster that uses
    /// <c>Cli()</c> without <c>PidFiles()</c> does not start at all, with an error on stderr that says what to add
    /// (exit code 1), so the mistake shows at the first run.
    /// </para>
    /// <para>
    /// Every wait is bounded by the cluster's own settings plus a margin: a restart by <c>restart timeout</c> (it may
    /// be put off when asked for soon after start-up), <c>ready timeout</c> and the takeover grace; a shutdown by
    /// <c>timeout</c>. A restart whose new master fails ends as soon as the old master writes <c>master.pid</c> again.
    /// The commands run in the program's own process, never in a worker nor in a replacement master; colour only
    /// when stdout is a terminal and <c>NO_COLOR</c> is not set.
    /// </para>
    /// <para>
    /// It lives in the core assembly with no package of its own: matching an argument against a few flags and
    /// printing an aligned table take a few lines, and a command-line parser (System.CommandLine) would add a
    /// dependency to every program that uses Cluster.Rx.
    /// </para>
    /// </remarks>
    public static Plugin Cli() =>
        Plugin.Create("cli", _ => Disposable.Empty).AnswersRun(run => CliRunner.System().Answer(run));
}
