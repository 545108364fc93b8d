using System.Globalization;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs;

/// <summary>
/// <c>Plugins.Repl</c> with real processes (the SpecHost's <c>REPL_PATH</c>), over its Unix socket: the commands, JSON
/// answers, the socket's mode and peer check, a half-sent line, many clients at once, a client killed mid-command,
/// a graceful shutdown, and a restart after which the new master serves the console at the same path.
/// </summary>
public sealed class PluginsReplSpecs
{
    private const int Workers = 2;
    private const string Prompt = ConsoleClient.Prompt;

    [Fact]
    public async Task Repl_Help_Pids_Echo_Json_AndAnUnknownCommandIsAnsweredAndTheConsoleGoesOn_OnASocketOfMode0600()
    {
        using var scratch = new TempDirectory();
        var path = scratch.Combine("console.sock");
        using var cluster = Start(path);
        var workers = await cluster.WorkersAsync(Workers);
        using var console = await ConsoleClient.ConnectAsync(path);

        Assert.Equal(FilePermissions.S_IFSOCK | FilePermissions.S_IRUSR | FilePermissions.S_IWUSR, Mode(path));
        var help = await console.AskAsync("help()");
        foreach (var usage in new[] { "help()", "spawn(n)", "pids()", "kill(id, signal)", "shutdown()", "stop()", "restart()", "echo(msg)", "mark(text)", "sleep(ms)" })
        {
            Assert.Matches($"(?m)^  {Regex.Escape(usage)} +\\S", help);
        }

        Assert.Equal($"master: {cluster.Pid}\nworker 0: {workers[0]}\nworker 1: {workers[1]}\n", await console.AskAsync("pids()"));
        Assert.Equal("hello, operator\n", await console.AskAsync("echo(\"hello, operator\")"));
        Assert.Equal("error: unknown command 'foo'; help() lists the commands\n", await console.AskAsync("foo()"));
        Assert.Equal("error: kill(id, signal): invalid worker id: no worker 7 serves; pids() lists them\n", await console.AskAsync("kill 7"));
        Assert.Equal("still here\n", await console.AskAsync("echo 'still here'"));

        var json = await console.AskAsync("json pids()");
        Assert.Matches("^\n\\{.*\\}\n$", json);
        var pids = JsonNode.Parse(json)!;
        Assert.True((bool)pids["ok"]!);
        Assert.Equal(cluster.Pid, (int)pids["result"]!["master"]!);
        Assert.Equal(workers.OrderBy(w => w.Key).Select(w => w.Value), pids["result"]!["workers"]!.AsArray().Select(w => (int)w!["pid"]!));
        Assert.False(cluster.HasExited, cluster.Describe());
    }

    [Fact]
    public async Task Repl_Spawn1_AddsAWorker_AndKill0_GetsWorker0Replaced()
    {
        using var scratch = new TempDirectory();
        var path = scratch.Combine("console.sock");
        using var cluster = Start(path);
        var workers = await cluster.WorkersAsync(Workers);
        using var console = await ConsoleClient.ConnectAsync(path);
        var from = cluster.Output.Count;

        Assert.Equal("spawning 1 worker\n", await console.AskAsync("spawn(1)"));
        var added = Pid(await cluster.WaitForLineAsync(@"connected 2 (\d+)", from));
        Assert.Equal($"master: {cluster.Pid}\nworker 0: {workers[0]}\nworker 1: {workers[1]}\nworker 2: {added}\n", await console.AskAsync("pids()"));

        from = cluster.Output.Count;
        Assert.Equal($"sent SIGTERM to worker 0 (pid {workers[0]})\n", await console.AskAsync("kill(0)"));
        await cluster.WaitForLineAsync($"killed 0 {workers[0]} .*", from);
        var replacement = Pid(await cluster.WaitForLineAsync(@"connected 0 (\d+)", from));

        Assert.NotEqual(workers[0], replacement);
        Assert.Equal($"master: {cluster.Pid}\nworker 0: {replacement}\nworker 1: {workers[1]}\nworker 2: {added}\n", await console.AskAsync("pids()"));
    }

    [Fact]
    public async Task Repl_AnotherUser_IsRefusedWithALine_TheMasterWarns_AndTheConsoleGoesOn()
    {
        if (Syscall.geteuid() != 0 || Syscall.getpwnam("nobody") is not { } nobody)
        {
            // Connecting as another user needs root to switch to it; xunit 2 has no run-time skip.
            return;
        }

        // Root may always connect: to see the check refuse, the socket is opened to everyone and a client runs as nobody.
        using var scratch = TempDirectory.Public();
        var path = scratch.Combine("console.sock");
        using var cluster = Start(path);
        await cluster.WorkersAsync(Workers);
        await ConsoleClient.AskOnceAsync(path, "echo ready");
        TempDirectory.Chmod(path, FilePermissions.DEFFILEMODE);

        using var stranger = PerlClient.Start(path, "pids()\nstop()\n", uid: nobody.pw_uid);

        Assert.Equal($"refused: this console belongs to uid 0; uid {nobody.pw_uid} may not use it\n", await stranger.OutputAsync(Limits.Line));
        await cluster.WaitForErrorAsync(
            $@"cluster: warning: plugin 'repl': refused a console connection from pid {stranger.Pid} \(uid {nobody.pw_uid}\): only uid 0, the master's, and root may use the console");
        Assert.Equal("unharmed\n", await ConsoleClient.AskOnceAsync(path, "echo unharmed"));
        Assert.False(cluster.HasExited, cluster.Describe());
        Assert.Empty(cluster.Lines("closing .*"));
    }

    [Fact]
    public async Task Repl_HalfSentLine_RunsOnceWhenItsRestArrives_AndTwentyClientsAtOnceAreAllAnswered()
    {
        using var scratch = new TempDirectory();
        var path = scratch.Combine("console.sock");
        using var cluster = Start(path);
        await cluster.WorkersAsync(Workers);
        using var console = await ConsoleClient.ConnectAsync(path);

        await console.SendAsync("mark('first ha");

        // Another client's whole round trip, so the first half is surely read before the rest is sent.
        Assert.Equal("meanwhile\n", await ConsoleClient.AskOnceAsync(path, "echo meanwhile"));
        Assert.Empty(cluster.Lines("mark .*"));
        Assert.Equal("first half, then the rest\n", await console.AskAsync("lf, then the rest')"));
        Assert.Equal("next\n", await console.AskAsync("echo next"));
        await cluster.WaitForLineAsync("mark first half, then the rest");

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var client = await ConsoleClient.ConnectAsync(path);
            return await client.AskAsync($"mark client-{i}") + await client.AskAsync("json pids()");
        }));

        for (var i = 0; i < 20; i++)
        {
            Assert.StartsWith($"client-{i}\n\n{{\"ok\":true,\"result\":{{\"master\":{cluster.Pid},", answers[i]);
        }

        await cluster.WaitForLinesAsync("mark .*", 21);
        Assert.Equal(21, cluster.Lines("mark .*").Count);
    }

    [Fact]
    public async Task Repl_ClientKilledMidCommand_TheCommandFinishes_AndNothingElseIsHarmed()
    {
        using var scratch = new TempDirectory();
        var path = scratch.Combine("console.sock");
        using var cluster = Start(path);
        var workers = await cluster.WorkersAsync(Workers);
        using var watcher = await ConsoleClient.ConnectAsync(path);
        using var client = PerlClient.Start(path, "sleep(1000)\n", stay: true);
        await client.ConnectedAsync(Limits.Line);
        await cluster.WaitForLineAsync("sleeping 1000");

        client.Kill();

        await cluster.WaitForLineAsync("slept 1000 True");
        Assert.Equal($"master: {cluster.Pid}\nworker 0: {workers[0]}\nworker 1: {workers[1]}\n", await watcher.AskAsync("pids()"));
        Assert.Equal("fine\n", await ConsoleClient.AskOnceAsync(path, "echo fine"));
        Assert.False(cluster.HasExited, cluster.Describe());
        Assert.Empty(cluster.Lines(@"killed \d+ .*"));
    }

    [Fact]
    public async Task Repl_Shutdown_StopsTheClusterGracefully_ExitCodeZero()
    {
        using var scratch = new TempDirectory();
        var path = scratch.Combine("console.sock");
        using var cluster = Start(path);
        var workers = await cluster.WorkersAsync(Workers);
        using var console = await ConsoleClient.ConnectAsync(path);

        await console.SendAsync("shutdown()\n");

        Assert.Equal(0, await cluster.ExitCodeAsync());
        await cluster.WaitForLineAsync("closing GracefulShutdown");
        await cluster.WaitForLineAsync("closed 0");
        Assert.All(workers.Values, pid => Assert.True(cluster.IsGone(pid), $"worker {pid} outlived the master\n{cluster.Describe()}"));

        // The answer and the notice, in either order: the notice comes from the shutdown the command set off.
        var received = await console.ReadToEndAsync();
        Assert.Contains($"{Prompt}shutting down gracefully: the workers finish their requests, then the master exits\n{Prompt}", received);
        Assert.Contains($"{Prompt}\nthe master is shutting down - closing connection soon\n{Prompt}", received);
        Assert.False(File.Exists(path), $"the console's socket {path} is left after the master exited");
    }

    [Fact]
    public async Task Repl_Restart_TheNewMasterServesTheConsoleAtTheSamePath()
    {
        using var scratch = new TempDirectory();
        var path = scratch.Combine("console.sock");
        using var cluster = ClusterProcess.Start(["restart"], new() { ["WORKERS"] = $"{Workers}", ["TIMEOUT"] = "20000", ["REPL_PATH"] = path });
        await cluster.WorkersAsync(Workers);
        var old = cluster.Pid;
        using var console = await ConsoleClient.ConnectAsync(path);
        var from = cluster.Output.Count;

        await console.SendAsync("restart()\n");

        // The answer and the notice, in either order: the notice comes from the restart the command set off.
        await console.ReadUntilAllAsync(
            $"{Prompt}restarting: a new master starts and takes over once its workers serve; this one then exits\n{Prompt}",
            $"{Prompt}\nrestarting - closing connection soon\n{Prompt}");
        var successor = Pid(await cluster.WaitForLineAsync(@"started (\d+)", from, Limits.Restart));
        await cluster.WorkersAsync(Workers, from);
        Assert.Equal(0, await cluster.ExitCodeAsync(Limits.Restart));
        Assert.Contains($"{Prompt}\nthe master is shutting down - closing connection soon\n{Prompt}", await console.ReadToEndAsync());

        var master = await MasterAnsweringAsync(path, successor, cluster);
        Assert.Equal(successor, master);
        Assert.NotEqual(old, successor);
        Assert.Equal(FilePermissions.S_IFSOCK | FilePermissions.S_IRUSR | FilePermissions.S_IWUSR, Mode(path));
        Assert.Equal("after the restart\n", await ConsoleClient.AskOnceAsync(path, "echo 'after the restart'"));
    }

    [Fact]
    public async Task Repl_PathAnotherProgramListensOn_ExitsOneNamingItBeforeAnyWorker()
    {
        using var scratch = new TempDirectory();
        var path = scratch.Combine("console.sock");
        using var holder = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        holder.Bind(new UnixDomainSocketEndPoint(path));
        holder.Listen();
        using var cluster = Start(path);

        Assert.Equal(1, await cluster.ExitCodeAsync());
        await cluster.WaitForErrorAsync(
            $"cluster: error: plugin 'repl' failed to start: cannot serve the console at {Regex.Escape(path)}: process {Environment.ProcessId} listens there already; stop it, or give Repl another path");
        Assert.Empty(cluster.Lines(@"spawned \d+ \d+"));
        Assert.True(File.Exists(path), "the other program's socket was removed");
    }

    private static ClusterProcess Start(string path) =>
        ClusterProcess.Start(["http"], new() { ["WORKERS"] = $"{Workers}", ["REPL_PATH"] = path });

    /// <summary>
    /// Asks the console at <paramref name="path"/> for the master's pid until <paramref name="expected"/> answers
    /// (between the old master letting the path go and the new one taking it, nobody may): the pid that answered.
    /// </summary>
    private static async Task<int> MasterAnsweringAsync(string path, int expected, ClusterProcess cluster)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var last = "nothing yet";
        while (clock.Elapsed < Limits.Line)
        {
            try
            {
                var answer = JsonNode.Parse(await ConsoleClient.AskOnceAsync(path, "json pids()"))!;
                var master = (int)answer["result"]!["master"]!;
                if (master == expected)
                {
                    return master;
                }

                last = $"master {master} answered";
            }
            catch (SocketException e)
            {
                last = $"{e.SocketErrorCode}: {e.Message}";
            }

            await Task.Delay(Limits.Poll);
        }

        Assert.Fail($"the new master {expected} did not answer at {path} within {Limits.Line.TotalSeconds} s (last: {last})\n{cluster.Describe()}");
        return 0;
    }

    private static int Pid(Match match) => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);

    private static FilePermissions Mode(string path)
    {
        Assert.Equal(0, Syscall.lstat(path, out var stat));
        return stat.st_mode & (FilePermissions.S_IFMT | FilePermissions.ALLPERMS);
    }
}
