using System.Globalization;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs;

/// <summary>
/// <c>Plugins.PidFiles</c> with real processes (the SpecHost's <c>PIDFILES_PATH</c>): the files name the live master
/// and workers, follow a respawn and a restart, and are gone after a graceful stop.
/// </summary>
public sealed class PluginsPidFilesSpecs
{
    private const int Workers = 2;

    [Fact]
    public async Task PidFiles_HoldTheLivePids_FollowARespawn_AndAreGoneAfterAGracefulStop()
    {
        using var scratch = new TempDirectory();
        var pids = scratch.Combine("run", "pids");
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = $"{Workers}", ["PIDFILES_PATH"] = pids });
        var master = await MasterAsync(cluster);
        var workers = await cluster.WorkersAsync(Workers);

        await AssertFilesAsync(cluster, pids, master, workers);
        for (var id = 0; id < Workers; id++)
        {
            await cluster.WaitForLineAsync($"pidof {id} {master} {workers[id]}");
        }

        var from = cluster.Output.Count;
        cluster.SignalWorker(workers[0], Signum.SIGKILL);
        var respawned = int.Parse((await cluster.WaitForLineAsync(@"spawned 0 (\d+)", from)).Groups[1].Value, CultureInfo.InvariantCulture);
        await cluster.WaitForLineAsync($"pidof 0 {master} {respawned}", from);
        await AssertFilesAsync(cluster, pids, master, new Dictionary<int, int> { [0] = respawned, [1] = workers[1] });

        cluster.SignalMaster(Signum.SIGQUIT);

        Assert.Equal(0, await cluster.ExitCodeAsync());
        Assert.True(Directory.Exists(pids), $"the pid directory {pids} was not created\n{cluster.Describe()}");
        Assert.Empty(Directory.GetFiles(pids, "*", new EnumerationOptions { AttributesToSkip = 0 }));
    }

    [Fact]
    public async Task PidFiles_AfterARestart_MasterPidNamesTheNewMaster_BeforeAndAfterTheOldOneExited()
    {
        using var scratch = new TempDirectory();
        var pids = scratch.Path;
        using var cluster = ClusterProcess.Start(["restart"], new() { ["WORKERS"] = $"{Workers}", ["TIMEOUT"] = "20000", ["PIDFILES_PATH"] = pids });
        var master = await MasterAsync(cluster);
        await AssertFilesAsync(cluster, pids, master, await cluster.WorkersAsync(Workers));
        var from = cluster.Output.Count;

        cluster.SignalMaster(master, Signum.SIGUSR2);

        var successor = await MasterAsync(cluster, from);
        var successors = await cluster.WorkersAsync(Workers, from);
        Assert.Equal(0, await cluster.ExitCodeAsync(Limits.Restart));
        Assert.True(cluster.IsGone(master), $"the old master {master} is still alive\n{cluster.Describe()}");

        // Written by the new master when it took over, before the old one began to drain: no waiting here.
        Assert.Equal(successor, Read(pids, "master"));
        await AssertFilesAsync(cluster, pids, successor, successors);
        await cluster.WaitForLineAsync($@"restarted {master} \d+ .*", from);
        Assert.Equal(successor, Read(pids, "master"));
    }

    [Fact]
    public async Task PidFiles_DirectoryUnderARegularFile_IsAClearErrorBeforeAnyWorker_ExitCodeOne()
    {
        using var scratch = new TempDirectory();
        var file = scratch.Combine("file");
        await File.WriteAllTextAsync(file, "not a directory");
        var pids = Path.Combine(file, "pids");
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "1", ["PIDFILES_PATH"] = pids });

        Assert.Equal(1, await cluster.ExitCodeAsync());
        await cluster.WaitForErrorAsync($"cluster: error: plugin 'pidfiles' failed to start: cannot write pid files in '{pids}': .*; give PidFiles a directory the master can create and write");
        Assert.Empty(cluster.Lines(@"spawned \d+ \d+"));
    }

    /// <summary>Waits until the files name <paramref name="master"/> and exactly <paramref name="workers"/>, each a live process of the cluster.</summary>
    private static async Task AssertFilesAsync(ClusterProcess cluster, string directory, int master, IReadOnlyDictionary<int, int> workers)
    {
        var expected = workers.Select(w => $"worker.{w.Key}.pid={w.Value}").Prepend($"master.pid={master}").Order(StringComparer.Ordinal).ToArray();
        await Eventually.AssertAsync(
            () => Contents(directory).SequenceEqual(expected),
            Limits.Line,
            () => $"the pid files are [{string.Join(", ", Contents(directory))}], not [{string.Join(", ", expected)}]\n{cluster.Describe()}");
        Assert.False(cluster.IsGone(master), $"master.pid names {master}, which is not a live master of the cluster\n{cluster.Describe()}");
        Assert.All(workers.Values, pid => Assert.False(cluster.IsGone(pid), $"a worker file names {pid}, which is not a live process of the cluster"));
        Assert.All(Directory.GetFiles(directory), f => Assert.EndsWith("\n", File.ReadAllText(f)));
    }

    private static string[] Contents(string directory) =>
        [.. Directory.GetFiles(directory, "*", new EnumerationOptions { AttributesToSkip = 0 })
            .Select(f => $"{Path.GetFileName(f)}={Read(directory, Path.GetFileNameWithoutExtension(f))?.ToString(CultureInfo.InvariantCulture) ?? "?"}")
            .Order(StringComparer.Ordinal)];

    private static int? Read(string directory, string name)
    {
        try
        {
            return int.TryParse(File.ReadAllText(Path.Combine(directory, name + ".pid")), NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static async Task<int> MasterAsync(ClusterProcess cluster, int from = 0) =>
        int.Parse((await cluster.WaitForLineAsync(@"started (\d+)", from)).Groups[1].Value, CultureInfo.InvariantCulture);
}
