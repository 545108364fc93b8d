using System.Globalization;
using System.Net;
using Cluster.Rx.ProcessSpecs.Harness;

namespace Cluster.Rx.ProcessSpecs;

/// <summary>
/// <c>Plugins.Cli</c> against a real master (the SpecHost with <c>CLI=1</c> and <c>PIDFILES_PATH</c>): the program run
/// again with a command (<c>http status</c>, the scenario first) controls the running cluster through its pid files —
/// status, help, a defined command, restart, shutdown, stop — a program without <c>Plugins.PidFiles</c> does not start,
/// and arguments that are no command start the master as usual.
/// </summary>
public sealed class PluginsCliSpecs : IDisposable
{
    private const int Workers = 2;
    private readonly TempDirectory _scratch = new();
    private readonly Dictionary<string, string?> _settings;

    public PluginsCliSpecs() => _settings = new()
    {
        ["CLI"] = "1",
        ["WORKERS"] = $"{Workers}",
        ["TIMEOUT"] = "20000",
        ["PIDFILES_PATH"] = Pids,
        // A restart at once, however soon after start-up; the CLI waits ready timeout + restart timeout + margins.
        ["RESTART_THRESHOLD"] = "0",
        ["RESTART_TIMEOUT"] = "1000",
        ["READY_TIMEOUT"] = "30000",
    };

    private string Pids => _scratch.Combine("pids");

    [Fact]
    public async Task Status_ARunningCluster_TheMasterAndEachWorkerAlive_ExitCodeZero()
    {
        using var cluster = ClusterProcess.Start(["http"], _settings);
        var (master, workers) = await ServingAsync(cluster);

        var status = await RunAsync("status");

        Assert.Equal(0, status.Code);
        Assert.Equal(
            [["NAME", "PID", "STATUS"], ["master", $"{master}", "alive"], ["worker.0", $"{workers[0]}", "alive"], ["worker.1", $"{workers[1]}", "alive"]],
            status.Out.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Empty(status.Errors);
    }

    [Fact]
    public async Task Help_ListsTheCommandsAndThePidDirectory_ADefinedCommandRuns_NoMasterStarts()
    {
        var help = await RunAsync("--help");
        var hello = await RunAsync("--port", "1", "hello", "-s");

        Assert.Equal(0, help.Code);
        Assert.Equal("usage: Cluster.Rx.SpecHost [command]", help.Out[0]);
        Assert.Contains($"it controls the running cluster through the pid files in {Pids}:", help.Out);
        Assert.Equal(
            ["-h, --help, help", "-s, --status, status", "--restart, restart", "--shutdown, shutdown", "--stop, stop", "--hello, hello"],
            help.Out.Where(l => l.StartsWith("  -", StringComparison.Ordinal)).Select(l => l.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0]));
        Assert.Equal(5, hello.Code);
        Assert.Equal(["hello http --port 1 hello -s"], hello.Out);
        Assert.DoesNotContain(help.Out.Concat(hello.Out), l => l.StartsWith("started ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restart_PrintsTheNewMastersPid_MasterPidNamesIt_AndItServes()
    {
        using var cluster = ClusterProcess.Start(["http"], _settings);
        var port = await cluster.PortAsync();
        var (master, _) = await ServingAsync(cluster);
        var from = cluster.Output.Count;

        var restart = await RunAsync("restart");

        Assert.True(restart.Code == 0, $"restart exited {restart.Code}\n{restart.Describe()}\n{cluster.Describe()}");
        var successor = int.Parse(
            Assert.Single(restart.Out, l => l.StartsWith("restarted: ", StringComparison.Ordinal)).Split(' ')[4],
            CultureInfo.InvariantCulture);
        Assert.Equal($"restarted: new master pid {successor} (was {master})", restart.Out[^1]);
        Assert.NotEqual(master, successor);
        await cluster.WaitForLineAsync($"started {successor}", from);
        Assert.Equal($"{successor}\n", await File.ReadAllTextAsync(Path.Combine(Pids, "master.pid")));

        // The old master hands over, drains and exits; the new one serves on the same socket.
        Assert.Equal(0, await cluster.ExitCodeAsync(Limits.Restart));
        using var client = Clients.Tcp(port);
        var reply = await client.FetchAsync();
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(successor, reply.MasterPid);
        var status = await RunAsync("-s");
        Assert.Equal(0, status.Code);
        Assert.Equal(["master", $"{successor}", "alive"], status.Out[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Restart_ThatFails_EndsAsSoonAsTheOldMasterGoesOn_ExitCodeOne()
    {
        var broken = _scratch.Combine("broken");
        _settings["BROKEN_WHEN"] = broken;
        using var cluster = ClusterProcess.Start(["http"], _settings);
        var (master, workers) = await ServingAsync(cluster);
        await File.WriteAllTextAsync(broken, "the next workers throw at start");

        var restart = await RunAsync("restart");

        Assert.True(restart.Code == 1, $"restart exited {restart.Code}\n{restart.Describe()}\n{cluster.Describe()}");
        Assert.Equal(
            [$"cluster: error: the restart failed: the new master did not take over, and master {master} goes on serving; its log says why"],
            restart.Errors);
        await cluster.WaitForLineAsync($@"restart failed \d+ .*");
        Assert.Equal($"{master}\n", await File.ReadAllTextAsync(Path.Combine(Pids, "master.pid")));
        var status = await RunAsync("status");
        Assert.Equal(0, status.Code);
        Assert.Equal(
            [["master", $"{master}", "alive"], ["worker.0", $"{workers[0]}", "alive"], ["worker.1", $"{workers[1]}", "alive"]],
            status.Out.Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task Shutdown_WaitsUntilTheMasterHasExited_ThenStatusIsNotRunning()
    {
        using var cluster = ClusterProcess.Start(["http"], _settings);
        var (master, workers) = await ServingAsync(cluster);

        var shutdown = await RunAsync("shutdown");

        Assert.True(shutdown.Code == 0, $"shutdown exited {shutdown.Code}\n{shutdown.Describe()}\n{cluster.Describe()}");
        Assert.Equal($"shut down: master {master} has exited", shutdown.Out[^1]);
        Assert.True(cluster.IsGone(master), $"master {master} is still alive\n{cluster.Describe()}");
        Assert.Equal(0, await cluster.ExitCodeAsync());
        await cluster.WaitForLineAsync("closing GracefulShutdown");
        Assert.All(workers.Values, pid => Assert.True(cluster.IsGone(pid), $"worker {pid} outlived its master\n{cluster.Describe()}"));
        var status = await RunAsync("status");
        Assert.Equal(3, status.Code);
        Assert.Equal([$"not running: no pid files in {Pids}"], status.Out);
    }

    [Fact]
    public async Task Stop_WaitsUntilTheMasterHasExited_ThenStatusIsNotRunning()
    {
        using var cluster = ClusterProcess.Start(["http"], _settings);
        var (master, _) = await ServingAsync(cluster);

        var stop = await RunAsync("--stop");

        Assert.True(stop.Code == 0, $"stop exited {stop.Code}\n{stop.Describe()}\n{cluster.Describe()}");
        Assert.Equal($"stopped: master {master} has exited", stop.Out[^1]);
        Assert.Equal(0, await cluster.ExitCodeAsync());
        await cluster.WaitForLineAsync("closing HardShutdown");
        Assert.Equal(3, (await RunAsync("status")).Code);
        Assert.Equal(3, (await RunAsync("shutdown")).Code);
    }

    [Fact]
    public async Task WithoutPidFiles_TheProgramDoesNotStart_AClearErrorNamingWhatToAdd_ExitCodeOne()
    {
        _settings.Remove("PIDFILES_PATH");
        using var cluster = ClusterProcess.Start(["http"], _settings);

        Assert.Equal(1, await cluster.ExitCodeAsync());
        await cluster.WaitForErrorAsync(@"cluster: error: Plugins\.Cli\(\) reads the pid files that Plugins\.PidFiles\(\) writes; add \.Use\(Plugins\.PidFiles\(\)\) to the master");
        Assert.Empty(cluster.Lines("started .*"));
        var status = await RunAsync("status");
        Assert.Equal(1, status.Code);
        Assert.Equal(["cluster: error: Plugins.Cli() reads the pid files that Plugins.PidFiles() writes; add .Use(Plugins.PidFiles()) to the master"], status.Errors);
    }

    [Fact]
    public async Task ArgumentsThatAreNoCommand_StartTheMasterAsUsual()
    {
        using var cluster = ClusterProcess.Start(["http", "--urls", "http://*:80", "--", "stop"], _settings);
        var port = await cluster.PortAsync();
        await ServingAsync(cluster);

        using var client = Clients.Tcp(port);
        Assert.Equal(HttpStatusCode.OK, (await client.FetchAsync()).Status);
        Assert.Equal(0, (await RunAsync("status")).Code);
        cluster.SignalMaster(Mono.Unix.Native.Signum.SIGQUIT);
        Assert.Equal(0, await cluster.ExitCodeAsync());
    }

    public void Dispose() => _scratch.Dispose();

    /// <summary>Waits until the master and its workers serve and their pid files are written (PidOf reads them); their pids.</summary>
    private static async Task<(int Master, IReadOnlyDictionary<int, int> Workers)> ServingAsync(ClusterProcess cluster)
    {
        var master = int.Parse((await cluster.WaitForLineAsync(@"started (\d+)")).Groups[1].Value, CultureInfo.InvariantCulture);
        var workers = await cluster.WorkersAsync(Workers);
        foreach (var (id, pid) in workers)
        {
            await cluster.WaitForLineAsync($"pidof {id} {master} {pid}");
        }

        return (master, workers);
    }

    /// <summary>Runs the program with <c>http COMMAND…</c> and the cluster's settings, to its end; reaped whatever happens.</summary>
    private async Task<CommandRun> RunAsync(params string[] arguments)
    {
        var run = ClusterProcess.Start(["http", .. arguments], _settings);
        int code;
        using (run)
        {
            code = await run.ExitCodeAsync(Limits.Restart);
        }

        return new CommandRun(code, run.Output.Lines(), run.Errors.Lines());
    }

    private sealed record CommandRun(int Code, IReadOnlyList<string> Out, IReadOnlyList<string> Errors)
    {
        public string Describe() => $"stdout:\n  {string.Join("\n  ", Out)}\nstderr:\n  {string.Join("\n  ", Errors)}";
    }
}
