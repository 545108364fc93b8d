using System.IO.Pipelines;
using System.Reactive.Concurrency;
using System.Text;
using Cluster.Rx.Specs.Ipc;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs;

/// <summary>A console session over in-memory pipes, the client's end driven by the spec; commands run at once.</summary>
public sealed class ReplSessionSpecs
{
    private const string Prompt = "cluster> ";
    private const int Limit = 64;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly FakePluginContext _context = new(new TestScheduler()) { Workers = [new Worker(0, 100)] };
    private readonly CommandRegistry _defined = new();
    private readonly ReplConsole _console;

    public ReplSessionSpecs() => _console = new ReplConsole(_context, ImmediateScheduler.Instance, _defined);

    [Fact]
    public async Task ReplSession_ArgumentChecking()
    {
        var pair = new PipePair();
        Assert.Throws<ArgumentNullException>(() => new ReplSession(null!, _console));
        Assert.Throws<ArgumentNullException>(() => new ReplSession(pair.Right, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplSession(pair.Right, _console, 0));
        Assert.Throws<ArgumentNullException>(() => ReplSession.Over(null!, _console));

        var sut = new ReplSession(pair.Right, _console);
        var run = sut.RunAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(sut.RunAsync);
        sut.Close();
        await run.WaitAsync(Wait);
    }

    [Fact]
    public async Task Session_PromptsThenAnswersEachLineInOrder_AndEndsWithTheClientsSide()
    {
        var (client, run) = Start();

        await client.SendAsync("echo one\necho(\"two\")\r\nspawn(1)\n");
        await client.EndAsync();

        Assert.Equal($"{Prompt}one\n{Prompt}two\n{Prompt}spawning 1 worker\n{Prompt}", await client.ReadToEndAsync());
        await run.WaitAsync(Wait);
        Assert.Equal(["Spawn(1)"], _context.Calls);
    }

    [Fact]
    public async Task Session_LineSplitAtEveryOffset_WaitsForItsRest_AndRunsItOnce()
    {
        var runs = 0;
        _defined.Define("count(text)", call => $"{call.Text(0, "text")} {Interlocked.Increment(ref runs)}", "counts its runs");
        const string Line = "count('half, then the rest')\r\n";

        for (var offset = 0; offset <= Line.Length; offset++)
        {
            var (client, run) = Start();
            await client.ReadUntilAsync(Prompt);

            await client.SendAsync(Line[..offset]);
            await client.SendAsync(Line[offset..]);
            await client.EndAsync();

            Assert.Equal($"{Prompt}half, then the rest {offset + 1}\n{Prompt}", await client.ReadToEndAsync());
            await run.WaitAsync(Wait);
        }

        Assert.Equal(Line.Length + 1, runs);
    }

    [Fact]
    public async Task Session_EndInTheMiddleOfALine_RunsNothing()
    {
        var (client, run) = Start();

        await client.SendAsync("spawn(1)");
        await client.EndAsync();

        Assert.Equal(Prompt, await client.ReadToEndAsync());
        await run.WaitAsync(Wait);
        Assert.Empty(_context.Calls);
    }

    [Fact]
    public async Task Session_LineOverTheLimit_AnswersAnErrorAfterTheLinesBefore_AndCloses()
    {
        var (client, run) = Start();

        await client.SendAsync($"echo before\n{new string('x', Limit + 1)}\necho after\n");

        Assert.Equal(
            $"{Prompt}before\n{Prompt}error: the line is longer than {Limit} bytes, the most the console takes; this connection closes\n",
            await client.ReadToEndAsync());
        await run.WaitAsync(Wait);
    }

    [Fact]
    public async Task Session_LineThatNeverEnds_IsCutOffAtTheLimit()
    {
        var (client, run) = Start();

        await client.SendAsync(new string('x', Limit + 2));

        Assert.Equal(
            $"{Prompt}error: the line is longer than {Limit} bytes, the most the console takes; this connection closes\n",
            await client.ReadToEndAsync());
        await run.WaitAsync(Wait);
    }

    [Fact]
    public async Task Session_Json_AnswersOneLineOfItsOwn_AndTextGoesOn()
    {
        var (client, run) = Start();

        await client.SendAsync("json pids()\njson nope()\necho text\n");
        await client.EndAsync();

        var lines = (await client.ReadToEndAsync()).Split('\n');
        Assert.Equal(
            [
                Prompt,
                $"{{\"ok\":true,\"result\":{{\"master\":{Environment.ProcessId},\"workers\":[{{\"id\":0,\"pid\":100}}]}}}}",
                Prompt,
                "{\"ok\":false,\"error\":\"unknown command 'nope'; help() lists the commands\"}",
                $"{Prompt}text",
                Prompt,
            ],
            lines);
        await run.WaitAsync(Wait);
    }

    [Fact]
    public async Task Session_UnknownCommandAndBadArguments_AreAnsweredAndTheConsoleGoesOn()
    {
        var (client, run) = Start();

        await client.SendAsync("foo()\nkill(x)\nspawn(1\necho still here\n");
        await client.EndAsync();

        Assert.Equal(
            $"{Prompt}error: unknown command 'foo'; help() lists the commands\n" +
            $"{Prompt}error: kill(id, signal): id must be a whole number, not 'x'\n" +
            $"{Prompt}error: syntax error at column 8: ')' is missing at the end of the arguments; write name(arg, …) or name arg …\n" +
            $"{Prompt}still here\n{Prompt}",
            await client.ReadToEndAsync());
        await run.WaitAsync(Wait);
        Assert.Empty(_context.Calls);
    }

    [Fact]
    public async Task Session_EmptyLines_JustPromptAgain()
    {
        var (client, run) = Start();

        await client.SendAsync("\n\r\n   \n");
        await client.EndAsync();

        Assert.Equal(string.Concat(Enumerable.Repeat(Prompt, 4)), await client.ReadToEndAsync());
        await run.WaitAsync(Wait);
    }

    [Fact]
    public async Task Session_ManyLinesInOneWrite_AreAllAnsweredInOrder()
    {
        var (client, run) = Start();

        await client.SendAsync(string.Concat(Enumerable.Range(0, 50).Select(i => $"echo {i}\n")));
        await client.EndAsync();

        Assert.Equal(Prompt + string.Concat(Enumerable.Range(0, 50).Select(i => $"{i}\n{Prompt}")), await client.ReadToEndAsync());
        await run.WaitAsync(Wait);
    }

    [Fact]
    public async Task Session_ClientGoneMidCommand_TheCommandFinishesAndSeesItCancelled_TheAnswerIsDroppedQuietly()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _defined.Define(
            "slow",
            async call =>
            {
                call.Cancellation.Register(cancelled.SetResult);
                started.SetResult();
                await release.Task;
                finished.SetResult();
                return (object?)"too late";
            },
            "waits");
        var (client, run) = Start();
        await client.SendAsync("slow\n");
        await started.Task.WaitAsync(Wait);

        await client.VanishAsync();
        await cancelled.Task.WaitAsync(Wait);
        release.SetResult();

        await finished.Task.WaitAsync(Wait);
        await run.WaitAsync(Wait);
        var (other, otherRun) = Start();
        await other.SendAsync("echo unharmed\n");
        await other.EndAsync();
        Assert.Equal($"{Prompt}unharmed\n{Prompt}", await other.ReadToEndAsync());
        await otherRun.WaitAsync(Wait);
    }

    [Fact]
    public async Task Notify_WritesTheNoticeOnALineOfItsOwn_ThenThePromptAgain()
    {
        var (client, run) = Start(out var sut);
        await client.ReadUntilAsync(Prompt);

        sut.Notify("restarting - closing connection soon");
        await client.ReadUntilAsync($"\nrestarting - closing connection soon\n{Prompt}");
        await client.SendAsync("echo after\n");
        await client.EndAsync();

        Assert.Equal($"{Prompt}\nrestarting - closing connection soon\n{Prompt}after\n{Prompt}", await client.ReadToEndAsync());
        await run.WaitAsync(Wait);
    }

    [Fact]
    public async Task Close_EndsAPendingRead_AndTheSession_AndNoticesAfterwardsAreDropped()
    {
        var (client, run) = Start(out var sut);
        await client.ReadUntilAsync(Prompt);

        sut.Close();
        await run.WaitAsync(Wait);
        sut.Notify("too late");

        Assert.Equal(Prompt, await client.ReadToEndAsync());
    }

    private (PipeClient Client, Task Run) Start() => Start(out _);

    private (PipeClient Client, Task Run) Start(out ReplSession session)
    {
        var pair = new PipePair();
        session = new ReplSession(pair.Right, _console, Limit);
        return (new PipeClient(pair.Left), session.RunAsync());
    }

    /// <summary>The client's end: what it sends, and what it has read so far.</summary>
    private sealed class PipeClient(IDuplexPipe pipe)
    {
        private readonly StringBuilder _received = new();

        public async Task SendAsync(string text) => await pipe.Output.WriteAsync(Encoding.UTF8.GetBytes(text));

        /// <summary>Ends the client's side (as shutdown(SHUT_WR)): it still reads.</summary>
        public async Task EndAsync() => await pipe.Output.CompleteAsync();

        /// <summary>Goes away: sends no more and reads no more.</summary>
        public async Task VanishAsync()
        {
            await pipe.Input.CompleteAsync();
            await pipe.Output.CompleteAsync();
        }

        /// <summary>Reads until what was received ends with <paramref name="suffix"/>.</summary>
        public async Task ReadUntilAsync(string suffix)
        {
            using var timeout = new CancellationTokenSource(Wait);
            while (!_received.ToString().EndsWith(suffix, StringComparison.Ordinal))
            {
                var result = await pipe.Input.ReadAsync(timeout.Token);
                _received.Append(Encoding.UTF8.GetString(result.Buffer));
                pipe.Input.AdvanceTo(result.Buffer.End);
                Assert.False(result.IsCompleted && !_received.ToString().EndsWith(suffix, StringComparison.Ordinal), $"the session ended after '{_received}'");
            }
        }

        /// <summary>Everything received, once the session has completed its side.</summary>
        public async Task<string> ReadToEndAsync()
        {
            using var timeout = new CancellationTokenSource(Wait);
            while (true)
            {
                var result = await pipe.Input.ReadAsync(timeout.Token);
                _received.Append(Encoding.UTF8.GetString(result.Buffer));
                pipe.Input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return _received.ToString();
                }
            }
        }
    }
}
