using System.Globalization;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;
using Xunit.Abstractions;

namespace Cluster.Rx.ProcessSpecs;

/// <summary>
/// <c>Plugins.Reload</c> with real processes (the SpecHost's <c>RELOAD_PATH</c>): a watched <c>.dll</c> that changes
/// rolls every worker once, under load, without a failed request; a <c>.txt</c> does nothing.
/// </summary>
public sealed class PluginsReloadSpecs(ITestOutputHelper output)
{
    private const int Workers = 2;
    private const int Enough = 50;

    [Fact]
    public async Task Reload_ADllChanges_EveryWorkerIsRolledOnce_UnderLoad_NoRequestFails_AndATxtDoesNothing()
    {
        using var watched = new TempDirectory();
        var bin = Directory.CreateDirectory(watched.Combine("bin")).FullName;
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = $"{Workers}", ["TIMEOUT"] = "20000", ["RELOAD_PATH"] = watched.Path });
        var port = await cluster.PortAsync();
        var old = await cluster.WorkersAsync(Workers);
        await using var load = Load.Start(port);
        await load.WaitForSuccessesAsync(TimeSpan.Zero, Enough, cluster.Describe);
        var from = cluster.Output.Count;

        // The .txt comes first: had it counted, it would have rolled the workers, and the .dll once more after that.
        await File.WriteAllTextAsync(Path.Combine(bin, "notes.txt"), "not watched");
        await File.WriteAllTextAsync(Path.Combine(bin, "x.dll"), "a new build");

        for (var id = 0; id < Workers; id++)
        {
            await cluster.WaitForLineAsync($"removed {id} {old[id]}", from, Limits.Restart);
        }

        var mark = load.Mark();
        await load.WaitForSuccessesAsync(mark, Enough, cluster.Describe);
        await load.StopAsync();
        load.AssertNoFailures(cluster.Describe);
        output.WriteLine($"load: {load.Describe()}");

        // The master's own order tells what happened before it closed: one roll, no more.
        cluster.SignalMaster(Signum.SIGQUIT);
        Assert.Equal(0, await cluster.ExitCodeAsync());
        var lines = cluster.Output.Lines().Skip(from).TakeWhile(l => !l.StartsWith("closing", StringComparison.Ordinal)).ToArray();
        var spawned = lines.Where(l => l.StartsWith("spawned ", StringComparison.Ordinal)).Select(Id).ToArray();
        var removed = lines.Where(l => l.StartsWith("removed ", StringComparison.Ordinal)).ToArray();
        Assert.True(
            spawned.Order().SequenceEqual(Enumerable.Range(0, Workers)),
            $"each worker should have been replaced once, but these were spawned: [{string.Join(", ", spawned)}]\n{cluster.Describe()}");
        Assert.Equal(old.OrderBy(w => w.Key).Select(w => $"removed {w.Key} {w.Value}"), removed);
        Assert.DoesNotContain(lines, l => l.StartsWith("killed ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reload_MissingPath_IsAClearErrorBeforeAnyWorker_ExitCodeOne()
    {
        using var scratch = new TempDirectory();
        var missing = scratch.Combine("missing");
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "1", ["RELOAD_PATH"] = missing });

        Assert.Equal(1, await cluster.ExitCodeAsync());
        await cluster.WaitForErrorAsync($"cluster: error: plugin 'reload' failed to start: cannot watch '{missing}': there is no such file or directory; give Reload existing files or directories");
        Assert.Empty(cluster.Lines(@"spawned \d+ \d+"));
    }

    private static int Id(string line) => int.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
}
