using System.Globalization;
using System.Net;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs;

/// <summary>
/// Plugins.Logger with real processes: workers' stdout and stderr lines land in workers.access.log and
/// workers.error.log, the events in master.log; a rotation under load (move, SIGUSR1) keeps every line exactly
/// once; a directory that cannot be written stops the master before any worker; a new master goes on appending.
/// </summary>
public sealed class PluginsLoggerSpecs
{
    [Fact]
    public async Task Logger_RelativePath_WorkersLinesAndMasterEventsLandInTheFilesOfTheWorkingDirectory()
    {
        using var temp = new TempDirectory();
        using var cluster = ClusterProcess.Start(["cwd", temp.Path], new() { ["WORKERS"] = "2", ["LOGGER_PATH"] = "logs" });
        var logs = new LogFiles(temp.Combine("logs"));
        var port = await cluster.PortAsync();
        await cluster.WorkersAsync(2);
        using var client = Clients.Tcp(port);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.FetchAsync($"/log?line=hello-{i}")).Status);
        }

        await Eventually.AssertAsync(() => logs.Access().Length == 10 && logs.Errors().Length == 10, Limits.Line, () => logs.Describe(cluster));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"out hello-{i}"), logs.Access().Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"err hello-{i}"), logs.Errors().Order(StringComparer.Ordinal));
        Assert.DoesNotContain(cluster.Output.Lines(), l => l.Contains("hello-", StringComparison.Ordinal));
        Assert.DoesNotContain(cluster.Errors.Lines(), l => l.Contains("hello-", StringComparison.Ordinal));
        foreach (var text in (string[])["worker 0 spawned", "worker 1 spawned", "worker 0 connected", "worker 1 connected"])
        {
            Assert.Contains(logs.Master(), l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{{3}}Z info {text}$"));
        }
    }

    [Fact]
    public async Task Logger_RotatedTwiceUnderLoad_EveryLineIsInExactlyOneFile()
    {
        const int Requests = 1500;
        using var temp = new TempDirectory();
        var logs = new LogFiles(temp.Combine("logs"));
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "2", ["LOGGER_PATH"] = logs.Directory });
        var port = await cluster.PortAsync();
        await cluster.WorkersAsync(2);
        using var client = Clients.Tcp(port);
        using var deadline = new CancellationTokenSource(Limits.Restart);
        var next = 0;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var load = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var n = Interlocked.Increment(ref next); n <= Requests && !deadline.IsCancellationRequested; n = Interlocked.Increment(ref next))
            {
                var reply = await client.FetchAsync($"/log?line={n}", deadline.Token);
                if (reply.Status != HttpStatusCode.OK)
                {
                    failures.Enqueue($"request {n}: HTTP {(int)reply.Status}");
                }
            }
        })));

        foreach (var (share, suffix) in new[] { (3, ".1"), (2, ".2") })
        {
            await Eventually.AssertAsync(() => Volatile.Read(ref next) >= Requests / share || load.IsCompleted, Limits.Line, () => $"the load did not get to {Requests / share} requests\n{cluster.Describe()}");
            logs.MoveAll(suffix);
            cluster.SignalMaster(Signum.SIGUSR1);
        }

        await load.WaitAsync(Limits.Restart);
        Assert.Empty(failures);
        Assert.True(next > Requests, $"the load stopped at request {next} of {Requests}");
        await Eventually.AssertAsync(
            () => logs.AccessEverywhere().Count == Requests && logs.ErrorsEverywhere().Count == Requests,
            Limits.Line,
            () => logs.Describe(cluster));
        Assert.Equal(Enumerable.Range(1, Requests).Select(n => $"out {n}"), logs.AccessEverywhere().Order(new ByNumber()));
        Assert.Equal(Enumerable.Range(1, Requests).Select(n => $"err {n}"), logs.ErrorsEverywhere().Order(new ByNumber()));
        Assert.NotEmpty(logs.Access());
        Assert.NotEmpty(logs.Access(".2"));
        Assert.Contains(logs.Master(".1"), l => l.EndsWith(" info worker 0 connected", StringComparison.Ordinal));
        Assert.Empty(cluster.Errors.Lines());
    }

    [Fact]
    public async Task Logger_DirectoryBelowARegularFile_ExitsOneNamingIt_NoWorkerSpawned()
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("file");
        await File.WriteAllTextAsync(file, "not a directory");
        var path = Path.Combine(file, "logs");
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "2", ["LOGGER_PATH"] = path });

        Assert.Equal(1, await cluster.ExitCodeAsync());

        await cluster.WaitForErrorAsync($"cluster: error: plugin 'logger' failed to start: cannot write logs in directory '{System.Text.RegularExpressions.Regex.Escape(path)}': .*; give Plugins\\.Logger a directory .*");
        Assert.Empty(cluster.Lines(@"spawned \d+ \d+"));
        Assert.Equal("not a directory", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task Logger_AfterARestart_TheNewMasterAppendsToTheSameFiles()
    {
        using var temp = new TempDirectory();
        var logs = new LogFiles(temp.Combine("logs"));
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "1", ["LOGGER_PATH"] = logs.Directory, ["RESTART_THRESHOLD"] = "0" });
        var port = await cluster.PortAsync();
        await cluster.WorkersAsync(1);
        using var client = Clients.Tcp(port);
        Assert.Equal(HttpStatusCode.OK, (await client.FetchAsync("/log?line=before")).Status);
        await Eventually.AssertAsync(() => logs.Access().Contains("out before"), Limits.Line, () => logs.Describe(cluster));

        cluster.SignalMaster(Signum.SIGUSR2);
        await cluster.WaitForLineAsync($@"restarted {cluster.Pid} 2 .*", limit: Limits.Restart);
        var reply = await client.FetchAsync("/log?line=after");

        Assert.Equal(cluster.MasterPids[1], reply.MasterPid);
        // Stdout and stderr are separate pipes and separate files, each flushed on its own: wait for both.
        await Eventually.AssertAsync(() => logs.Access().Contains("out after") && logs.Errors().Contains("err after") && logs.Master().Any(l => l.EndsWith(" info restart complete", StringComparison.Ordinal)), Limits.Line, () => logs.Describe(cluster));
        Assert.Equal(["out before", "out after"], logs.Access());
        Assert.Equal(["err before", "err after"], logs.Errors());
        Assert.Contains(logs.Master(), l => l.EndsWith(" info restart requested", StringComparison.Ordinal));
    }

    /// <summary>Orders "out 12" after "out 2".</summary>
    private sealed class ByNumber : IComparer<string>
    {
        public int Compare(string? x, string? y) => Number(x ?? string.Empty).CompareTo(Number(y ?? string.Empty));

        private static int Number(string line) => int.Parse(line[(line.IndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }
}
