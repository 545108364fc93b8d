namespace Cluster.Rx.Specs;

/// <summary>
/// The CLI's answer to Run: an error without pid files, no answer without a command (the master starts), help, a
/// defined command and its failure, the public <c>Plugins.Cli()</c> and <c>Cli.Define</c>, and how long it waits.
/// </summary>
public sealed class CliRunnerSpecs : IDisposable
{
    private readonly CliSpecContext _cli = new();

    [Fact]
    public void Answer_ArgumentChecking() => Assert.Throws<ArgumentNullException>(() => { _ = _cli.Runner().Answer(null!); });

    [Theory]
    [InlineData("")]
    [InlineData("--urls http://*:80")]
    [InlineData("status")]
    public async Task Answer_WithoutPidFiles_IsAnErrorNamingWhatToAdd_WithOrWithoutACommand_ExitCodeOne(string arguments)
    {
        using var cli = new CliSpecContext(pidFiles: false);

        var code = await cli.Runner().Answer(new PluginRun(cli.Master, Split(arguments)))!;

        Assert.Equal(1, code);
        Assert.Equal(["cluster: error: Plugins.Cli() reads the pid files that Plugins.PidFiles() writes; add .Use(Plugins.PidFiles()) to the master"], cli.ErrorLines);
        Assert.Empty(cli.OutLines);
    }

    [Theory]
    [InlineData("")]
    [InlineData("--urls http://*:80")]
    [InlineData("-- stop")]
    public void Answer_NoArgumentIsACommand_IsNull_AndWritesNothing(string arguments)
    {
        Assert.Null(_cli.Runner().Answer(Run(Split(arguments))));
        Assert.Empty(_cli.OutLines);
        Assert.Empty(_cli.ErrorLines);
        Assert.Empty(_cli.Processes.Sent);
    }

    [Fact]
    public async Task Help_ListsEveryCommandsFlagsAndDescription_AndThePidDirectory_ExitCodeZero()
    {
        _cli.Commands.Define("-v, --version, version", _ => Task.FromResult(0), "print the version");

        var code = await _cli.Runner().Answer(Run("--help"))!;

        Assert.Equal(0, code);
        Assert.Equal(
            [
                "usage: app [command]",
                string.Empty,
                "Without a command, app starts the cluster. With one (the first argument that is a command's flag),",
                $"it controls the running cluster through the pid files in {_cli.Pids}:",
                string.Empty,
                "  -h, --help, help        print this help",
                "  -s, --status, status    show the master and each worker: pid, alive or dead (exit code 3 when the master is not running)",
                "  --restart, restart      restart with zero downtime (SIGUSR2); wait until the new master has taken over and print its pid",
                "  --shutdown, shutdown    graceful shutdown (SIGQUIT): workers finish their work; wait until the master has exited",
                "  --stop, stop            hard shutdown (SIGTERM): workers are killed; wait until the master has exited",
                "  -v, --version, version  print the version",
            ],
            _cli.OutLines);
        Assert.Empty(_cli.ErrorLines);
    }

    [Fact]
    public async Task ADefinedCommand_GetsTheRun_ItsResultIsTheExitCode()
    {
        PluginRun? seen = null;
        _cli.Commands.Define("-v, --version, version", context =>
        {
            seen = context.Run;
            return Task.FromResult(7);
        }, "print the version");
        var run = Run("serve", "version", "--verbose");

        var code = await _cli.Runner().Answer(run)!;

        Assert.Equal(7, code);
        Assert.Same(run, seen);
    }

    [Fact]
    public async Task ADefinedCommandThatThrows_IsWrittenToStderr_ExitCodeOne()
    {
        _cli.Commands.Define("boom", _ => throw new InvalidOperationException("the disk is full"), "fail");

        var code = await _cli.Runner().Answer(Run("boom"))!;

        Assert.Equal(1, code);
        Assert.Equal(["cluster: error: command 'boom' failed: the disk is full"], _cli.ErrorLines);
    }

    [Fact]
    public async Task PluginsCli_AnswersWithTheCommandsOfCliDefine_SyncAndAsync()
    {
        var flag = $"--spec-{Guid.NewGuid():N}";
        var asyncFlag = $"--spec-{Guid.NewGuid():N}";
        Cli.Define(flag, run => run.Arguments.Count, "count the arguments");
        Cli.Define(asyncFlag, async run => await Task.FromResult(run.Arguments.ToList().IndexOf(asyncFlag)), "find the flag");
        var plugin = Plugins.Cli();

        Assert.Equal("cli", plugin.Name);
        Assert.False(plugin.RunsInWorkers);
        Assert.Null(plugin.AnswerRun(Run("--urls", "http://*:80")));
        Assert.Equal(3, await plugin.AnswerRun(Run("a", flag, "b"))!);
        Assert.Equal(1, await plugin.AnswerRun(Run("a", asyncFlag))!);
    }

    [Fact]
    public void Limits_FollowTheClustersSettings_PlusAMargin()
    {
        var defaults = CliLimits.From(_cli.Master.Settings);
        _cli.Master.Set("timeout", 1000).Set("ready timeout", 2000).Set("restart timeout", 3000);
        var set = CliLimits.From(_cli.Master.Settings);

        Assert.Equal(new CliLimits(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(140), TimeSpan.FromSeconds(77), TimeSpan.FromSeconds(15)), defaults);
        Assert.Equal(new CliLimits(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(18), TimeSpan.FromSeconds(15)), set);
    }

    public void Dispose() => _cli.Dispose();

    private static string[] Split(string arguments) => arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private PluginRun Run(params string[] arguments) => new(_cli.Master, arguments);
}
