using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using System.Text.Json.Nodes;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs;

/// <summary>
/// What the console makes of a line, on a fake master whose loop is a <see cref="TestScheduler"/>: where commands
/// run, which one a name finds, and the answers to bad lines, failures and cancellation.
/// </summary>
public sealed class ReplConsoleSpecs
{
    private readonly TestScheduler _scheduler = new();
    private readonly FakePluginContext _context;
    private readonly CommandRegistry _defined = new();
    private readonly ReplConsole _sut;

    public ReplConsoleSpecs()
    {
        _context = new FakePluginContext(_scheduler) { Workers = [new Worker(0, 100), new Worker(1, 101)] };
        _sut = new ReplConsole(_context, defined: _defined);
    }

    [Fact]
    public async Task ReplConsole_ArgumentChecking()
    {
        Assert.Throws<ArgumentNullException>(() => new ReplConsole(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _sut.EvaluateAsync(null!));
    }

    [Fact]
    public async Task Evaluate_RunsTheCommandOnTheMastersLoop_NotBefore()
    {
        var reply = _sut.EvaluateAsync("spawn(1)");

        Assert.False(reply.IsCompleted);
        Assert.Empty(_context.Calls);
        _scheduler.AdvanceBy(1);

        Assert.Equal("spawning 1 worker\n", await ReplEvaluation.Answered(reply));
        Assert.Equal(["Spawn(1)"], _context.Calls);
    }

    [Fact]
    public async Task UnknownCommand_AnswersClearly_AsTextOrJson()
    {
        Assert.Equal("error: unknown command 'foo'; help() lists the commands\n", await EvaluateAsync("foo()"));
        Assert.Equal("\n{\"ok\":false,\"error\":\"unknown command 'foo'; help() lists the commands\"}\n", await EvaluateAsync("json foo"));
        Assert.Equal(
            "error: unknown command 'stats': it comes with Plugins.Stats(), which this cluster does not use; help() lists the commands\n",
            await EvaluateAsync("stats()"));
    }

    [Fact]
    public async Task SyntaxError_AnswersWhereAndWhat_AsTextOrJson()
    {
        Assert.Equal("error: syntax error at column 8: ')' is missing at the end of the arguments; write name(arg, …) or name arg …\n", await EvaluateAsync("spawn(1"));
        Assert.Equal("syntax error at column 13: ')' is missing at the end of the arguments; write name(arg, …) or name arg …", (string)ReplEvaluation.JsonLine(await EvaluateAsync("json spawn(1"))["error"]!);
    }

    [Fact]
    public async Task EmptyLine_AnswersNothing() => Assert.Equal(string.Empty, await _sut.EvaluateAsync("   "));

    [Fact]
    public async Task PluginCommand_IsServed_ItsJsonAsTextAndAsTheResult()
    {
        _context.Commands.Define("stats", call => new JsonObject { ["workers"] = call.Context.Workers.Count, ["requests"] = 12 }, "statistics");

        Assert.Equal("{\n  \"workers\": 2,\n  \"requests\": 12\n}\n", await EvaluateAsync("stats()"));
        Assert.Equal("\n{\"ok\":true,\"result\":{\"workers\":2,\"requests\":12}}\n", await EvaluateAsync("json stats()"));
    }

    [Fact]
    public async Task DefinedCommand_IsServed_WithItsArguments_AndAPluginsCommandOfTheSameNameWins()
    {
        _defined.Define("greet(who)", call => $"hello {call.Text(0, "who")}", "says hello");
        _defined.Define("version", _ => "defined", "shadowed");
        _context.Commands.Define("version", _ => "plugin", "a plugin's");

        Assert.Equal("hello ops\n", await EvaluateAsync("greet('ops')"));
        Assert.Equal("error: greet(who): who is missing\n", await EvaluateAsync("greet"));
        Assert.Equal("plugin\n", await EvaluateAsync("version"));
    }

    [Fact]
    public async Task AsyncCommand_AnswersWhenItsTaskCompletes_InVirtualTime()
    {
        _defined.Define(
            "later(seconds)",
            async call =>
            {
                await Observable.Timer(TimeSpan.FromSeconds(call.Int(0, "seconds")), call.Context.Scheduler).ToTask();
                return (object?)"done";
            },
            "answers later");

        var reply = _sut.EvaluateAsync("later(5)");
        _scheduler.AdvanceBy(1);
        _scheduler.AdvanceBy(TimeSpan.FromSeconds(5).Ticks - 1);
        Assert.False(reply.IsCompleted);
        _scheduler.AdvanceBy(TimeSpan.FromSeconds(1).Ticks);

        Assert.Equal("done\n", await ReplEvaluation.Answered(reply));
    }

    [Fact]
    public async Task ThrowingCommand_IsAnsweredAsAFailure_AndCommandsGoOn()
    {
        _defined.Define("boom", object? (_) => throw new IOException("disk on fire"), "fails");
        _defined.Define("sour", Task<object?> (_) => Task.FromException<object?>(new InvalidOperationException("not now")), "fails later");

        Assert.Equal("error: boom() failed: IOException: disk on fire\n", await EvaluateAsync("boom"));
        Assert.Equal("\n{\"ok\":false,\"error\":\"sour(): not now\"}\n", await EvaluateAsync("json sour"));
        Assert.Equal("ok\n", await EvaluateAsync("echo ok"));
    }

    [Fact]
    public async Task Command_SeesTheCallersCancellation()
    {
        using var gone = new CancellationTokenSource();
        CancellationToken seen = default;
        _defined.Define("token", call => (seen = call.Cancellation).IsCancellationRequested, "tells whether its caller has gone");
        gone.Cancel();

        var reply = _sut.EvaluateAsync("token", gone.Token);
        _scheduler.AdvanceBy(1);

        Assert.Equal("true\n", await ReplEvaluation.Answered(reply));
        Assert.Equal(gone.Token, seen);
    }

    [Fact]
    public async Task Abandoned_BeforeTheLoopRunsIt_StopsWaiting()
    {
        using var abandon = new CancellationTokenSource();
        var reply = _sut.EvaluateAsync("spawn(1)", abandon: abandon.Token);

        abandon.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReplEvaluation.Answered(reply));
        _scheduler.AdvanceBy(1);
        Assert.Empty(_context.Calls);
    }

    /// <summary>Evaluates <paramref name="line"/> and runs the master's loop until it has answered.</summary>
    private Task<string> EvaluateAsync(string line) => _sut.EvaluateOnLoopAsync(_scheduler, line);
}
