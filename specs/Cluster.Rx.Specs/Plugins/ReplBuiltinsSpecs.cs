using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs;

/// <summary>
/// The console's built-in commands, each on a fake master whose loop is a <see cref="TestScheduler"/>: what it does
/// (the fake's calls) and what it answers, as text and as JSON.
/// </summary>
public sealed class ReplBuiltinsSpecs
{
    private static readonly int MasterPid = Environment.ProcessId;

    private readonly TestScheduler _scheduler = new();
    private readonly FakePluginContext _context;
    private readonly CommandRegistry _defined = new();
    private readonly ReplConsole _sut;

    public ReplBuiltinsSpecs()
    {
        _context = new FakePluginContext(_scheduler) { Workers = [new Worker(0, 100), new Worker(1, 101)] };
        _sut = new ReplConsole(_context, defined: _defined);
    }

    [Fact]
    public async Task Help_ListsEveryCommandOnce_BuiltinsThenPluginsThenDefined_AlignedWithDescriptions()
    {
        _context.Commands.Define("stats", _ => "…", "the cluster's statistics");
        _context.Commands.Define("help(topic)", _ => "shadowed", "a plugin's help, shadowed by the built-in");
        _defined.Define("greet(who)", _ => "hi", "says hello");
        _defined.Define("stats", _ => "shadowed", "shadowed by the plugin's");

        var help = await EvaluateAsync("help()");

        Assert.Equal(
            "commands:\n" +
            "  help()            lists the commands\n" +
            "  spawn(n)          starts n more workers; a negative n stops -n of them gracefully\n" +
            "  pids()            the pids of the master and of every worker\n" +
            "  kill(id, signal)  sends signal (default SIGTERM) to worker id; the master replaces it\n" +
            "  shutdown()        graceful shutdown: the workers finish their requests, then the master exits\n" +
            "  stop()            hard shutdown: the workers are killed and the master exits at once\n" +
            "  restart()         zero-downtime restart: a new master takes over once its workers serve\n" +
            "  echo(msg)         answers msg\n" +
            "  stats()           the cluster's statistics\n" +
            "  greet(who)        says hello\n" +
            "write name(args) or name args; json name(args) answers in one line of JSON\n",
            help);
        Assert.Empty(_context.Calls);
    }

    [Fact]
    public async Task Help_Json_IsAnArrayOfNameUsageDescription()
    {
        var help = ReplEvaluation.JsonLine(await EvaluateAsync("json help"));

        var commands = help["result"]!.AsArray();
        Assert.Equal(["help", "spawn", "pids", "kill", "shutdown", "stop", "restart", "echo"], commands.Select(c => (string)c!["name"]!));
        Assert.Equal("kill(id, signal)", (string)commands[3]!["usage"]!);
        Assert.Equal("answers msg", (string)commands[7]!["description"]!);
    }

    [Theory]
    [InlineData("spawn(2)", "spawning 2 workers", "Spawn(2)", "{\"spawning\":2}")]
    [InlineData("spawn 1", "spawning 1 worker", "Spawn(1)", "{\"spawning\":1}")]
    [InlineData("spawn(-1)", "stopping 1 worker gracefully", "Remove(1)", "{\"removing\":1}")]
    [InlineData("spawn -3", "stopping 3 workers gracefully", "Remove(3)", "{\"removing\":3}")]
    public async Task Spawn_PositiveSpawns_NegativeRemoves(string line, string text, string call, string json)
    {
        Assert.Equal(text + "\n", await EvaluateAsync(line));
        Assert.Equal($"\n{{\"ok\":true,\"result\":{json}}}\n", await EvaluateAsync("json " + line));
        Assert.Equal([call, call], _context.Calls);
    }

    [Theory]
    [InlineData("spawn(0)", "spawn(n): n must not be 0: spawn(2) starts two more workers, spawn(-2) stops two")]
    [InlineData("spawn(x)", "spawn(n): n must be a whole number, not 'x'")]
    [InlineData("spawn 1.5", "spawn(n): n must be a whole number, not '1.5'")]
    [InlineData("spawn()", "spawn(n): n is missing")]
    [InlineData("spawn(1, 2)", "spawn(n): takes 1 argument, not 2")]
    public async Task Spawn_BadArguments_AnswerOneClearErrorAndDoNothing(string line, string error)
    {
        Assert.Equal($"error: {error}\n", await EvaluateAsync(line));
        Assert.Empty(_context.Calls);
    }

    [Fact]
    public async Task Spawn_WhileShuttingDown_SaysSoAndDoesNothing()
    {
        _context.State = MasterState.GracefulShutdown;

        Assert.Equal("error: spawn(n): the master is shutting down and starts no workers\n", await EvaluateAsync("spawn(1)"));
        Assert.Empty(_context.Calls);
    }

    [Fact]
    public async Task Pids_ShowsTheMasterAndEveryWorkerById_AsTextAndJson()
    {
        _context.Workers = [new Worker(1, 101), new Worker(0, 100)];

        Assert.Equal($"master: {MasterPid}\nworker 0: 100\nworker 1: 101\n", await EvaluateAsync("pids()"));
        Assert.Equal(
            $"\n{{\"ok\":true,\"result\":{{\"master\":{MasterPid},\"workers\":[{{\"id\":0,\"pid\":100}},{{\"id\":1,\"pid\":101}}]}}}}\n",
            await EvaluateAsync("json pids()"));
        Assert.Equal("error: pids(): takes no arguments, not 1\n", await EvaluateAsync("pids(1)"));
    }

    [Theory]
    [InlineData("kill(0)", "KillWorker(0, SIGTERM)", "sent SIGTERM to worker 0 (pid 100)")]
    [InlineData("kill 1 SIGQUIT", "KillWorker(1, SIGQUIT)", "sent SIGQUIT to worker 1 (pid 101)")]
    [InlineData("kill(1, 'int')", "KillWorker(1, SIGINT)", "sent SIGINT to worker 1 (pid 101)")]
    [InlineData("kill(1, 9)", "KillWorker(1, SIGKILL)", "sent SIGKILL to worker 1 (pid 101)")]
    public async Task Kill_SendsTheSignalToThatWorker_SigtermByDefault(string line, string call, string text)
    {
        Assert.Equal(text + "\n", await EvaluateAsync(line));
        Assert.Equal([call], _context.Calls);
    }

    [Fact]
    public async Task Kill_Json_NamesTheWorkerAndSignal()
    {
        Assert.Equal("\n{\"ok\":true,\"result\":{\"id\":0,\"pid\":100,\"signal\":\"SIGTERM\"}}\n", await EvaluateAsync("json kill(0)"));
    }

    [Theory]
    [InlineData("kill(7)", "kill(id, signal): invalid worker id: no worker 7 serves; pids() lists them")]
    [InlineData("kill(x)", "kill(id, signal): id must be a whole number, not 'x'")]
    [InlineData("kill()", "kill(id, signal): id is missing")]
    [InlineData("kill(0, 1, 2)", "kill(id, signal): takes at most 2 arguments, not 3")]
    public async Task Kill_BadArguments_AnswerOneClearErrorAndKillNothing(string line, string error)
    {
        Assert.Equal($"error: {error}\n", await EvaluateAsync(line));
        Assert.Empty(_context.Calls);
    }

    [Fact]
    public async Task Kill_UnknownSignal_ListsTheSignals()
    {
        var answer = await EvaluateAsync("kill(0, SIGFOO)");

        Assert.StartsWith("error: kill(id, signal): signal must be a signal, not 'SIGFOO'; one of SIGHUP, SIGINT, SIGQUIT", answer);
        Assert.Empty(_context.Calls);
    }

    [Fact]
    public async Task Shutdown_ClosesGracefully_AndOnceShuttingDownSaysSo()
    {
        Assert.Equal("shutting down gracefully: the workers finish their requests, then the master exits\n", await EvaluateAsync("shutdown()"));
        _context.State = MasterState.GracefulShutdown;
        Assert.Equal("\n{\"ok\":true,\"result\":{\"shutdown\":\"graceful\"}}\n", await EvaluateAsync("json shutdown"));
        Assert.Equal("the master is shutting down already\n", await EvaluateAsync("shutdown()"));

        Assert.Equal(["Close()"], _context.Calls);
    }

    [Fact]
    public async Task Stop_Destroys_EvenDuringAGracefulShutdown()
    {
        Assert.Equal("stopping: the workers are killed and the master exits\n", await EvaluateAsync("stop()"));
        _context.State = MasterState.GracefulShutdown;
        Assert.Equal("\n{\"ok\":true,\"result\":{\"shutdown\":\"hard\"}}\n", await EvaluateAsync("json stop()"));
        _context.State = MasterState.HardShutdown;
        Assert.Equal("the master is stopping already\n", await EvaluateAsync("stop"));

        Assert.Equal(["Destroy()", "Destroy()"], _context.Calls);
    }

    [Fact]
    public async Task Restart_RestartsTheMaster_UnlessItIsShuttingDown()
    {
        Assert.Equal("restarting: a new master starts and takes over once its workers serve; this one then exits\n", await EvaluateAsync("restart()"));
        Assert.Equal("\n{\"ok\":true,\"result\":{\"restarting\":true}}\n", await EvaluateAsync("json restart()"));
        _context.State = MasterState.GracefulShutdown;
        Assert.Equal("error: restart(): the master is shutting down and cannot restart\n", await EvaluateAsync("restart()"));

        Assert.Equal(["Restart(SIGQUIT)", "Restart(SIGQUIT)"], _context.Calls);
    }

    [Theory]
    [InlineData("echo(\"hello, world\")", "hello, world", "\"hello, world\"")]
    [InlineData("echo hello world", "hello world", "\"hello world\"")]
    [InlineData("echo 'say \"hi\"\\n'", "say \"hi\"", "\"say \\\"hi\\\"\\n\"")]
    [InlineData("echo()", "", "\"\"")]
    public async Task Echo_AnswersItsMessage(string line, string text, string json)
    {
        Assert.Equal(text.Length == 0 ? string.Empty : text + "\n", await EvaluateAsync(line));
        Assert.Equal($"\n{{\"ok\":true,\"result\":{json}}}\n", await EvaluateAsync("json " + line));
        Assert.Empty(_context.Calls);
    }

    /// <summary>Evaluates <paramref name="line"/> and runs the master's loop until it has answered.</summary>
    private Task<string> EvaluateAsync(string line) => _sut.EvaluateOnLoopAsync(_scheduler, line);
}
