using System.Globalization;
using System.Text.RegularExpressions;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;
using Xunit.Abstractions;

namespace Cluster.Rx.ProcessSpecs.Master;

/// <summary>
/// Rolling the workers (<c>master.RestartWorkers()</c>, which the SpecHost's <c>restart</c> scenario calls on SIGHUP)
/// under continuous load on fresh and keep-alive connections: one worker at a time, each successor connected before
/// its predecessor is asked to stop, so capacity never drops and not one request fails.
/// </summary>
public sealed partial class RestartWorkersSpecs(ITestOutputHelper output)
{
    private const int Workers = 3;
    private const int Enough = 50;

    [Fact]
    public async Task RestartWorkers_UnderLoad_NoRequestFails_EveryWorkerReplacedOneAtATime()
    {
        using var cluster = ClusterProcess.Start(["restart"], new() { ["WORKERS"] = $"{Workers}", ["TIMEOUT"] = "20000" });
        var port = await cluster.PortAsync();
        var master = int.Parse((await cluster.WaitForLineAsync(@"started (\d+)")).Groups[1].Value, CultureInfo.InvariantCulture);
        var old = await cluster.WorkersAsync(Workers);
        await using var load = Load.Start(port);
        await load.WaitForSuccessesAsync(TimeSpan.Zero, Enough, cluster.Describe);
        var from = cluster.Output.Count;

        cluster.SignalMaster(master, Signum.SIGHUP);

        await cluster.WaitForLineAsync("asked RestartWorkers", from);
        await cluster.WaitForLineAsync($"removed {Workers - 1} {old[Workers - 1]}", from, Limits.Restart);
        var mark = load.Mark();
        await load.WaitForSuccessesAsync(mark, Enough, cluster.Describe);
        await load.StopAsync();
        load.AssertNoFailures(cluster.Describe);
        output.WriteLine($"load: {load.Describe()}");

        var lines = cluster.Output.Lines().Skip(from).ToArray();
        var successors = AssertRolledOneAtATime(lines, old, cluster.Describe);
        var strays = load.After(mark).Where(s => s.MasterPid != master || !successors.Values.Contains(s.WorkerPid)).ToArray();
        Assert.True(
            strays.Length == 0,
            $"{strays.Length} requests sent after the roll were answered by others than the new workers {string.Join(", ", successors.Values)} of master {master}: " +
            $"{string.Join(", ", strays.Select(s => $"worker {s.WorkerPid} of master {s.MasterPid}").Distinct())}\n{cluster.Describe()}");
        Assert.Equal([master], cluster.MasterPids);
        Assert.False(cluster.HasExited, $"the master exited during the roll\n{cluster.Describe()}");
        await Eventually.AssertAsync(
            () => old.Values.All(cluster.IsGone),
            Limits.Exit,
            () => $"replaced workers {string.Join(", ", old.Values.Where(p => !cluster.IsGone(p)))} are still alive\n{cluster.Describe()}");
    }

    /// <summary>
    /// Reads the master's event lines of the roll: for each id in turn, the successor is spawned, connects, and only
    /// then is its predecessor removed; the next id starts after that; no worker is killed; and at no moment are
    /// fewer than <see cref="Workers"/> workers connected. The successors' pids by id.
    /// </summary>
    private static Dictionary<int, int> AssertRolledOneAtATime(string[] lines, IReadOnlyDictionary<int, int> old, Func<string> describe)
    {
        var successors = new Dictionary<int, int>();
        var connected = new HashSet<int>(old.Values);
        var removed = new HashSet<int>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = WorkerLine().Match(lines[i]);
            if (!line.Success)
            {
                continue;
            }

            var (what, id, pid) = (line.Groups[1].Value, Number(line.Groups[2]), Number(line.Groups[3]));
            switch (what)
            {
                case "spawned":
                    Assert.True(
                        successors.Keys.All(removed.Contains),
                        $"worker {id} was spawned before the previous one was removed (line {i}: {lines[i]})\n{describe()}");
                    Assert.False(successors.ContainsKey(id), $"worker {id} was replaced twice (line {i}: {lines[i]})\n{describe()}");
                    successors[id] = pid;
                    break;
                case "connected":
                    Assert.True(
                        successors.TryGetValue(id, out var successor) && successor == pid,
                        $"worker {id} (pid {pid}) connected without being spawned by the roll (line {i})\n{describe()}");
                    connected.Add(pid);
                    break;
                case "removed":
                    Assert.Equal(old[id], pid);
                    Assert.True(
                        successors.TryGetValue(id, out var next) && connected.Contains(next),
                        $"worker {id} (pid {pid}) was removed before its successor connected (line {i})\n{describe()}");
                    connected.Remove(pid);
                    removed.Add(id);
                    break;
                case "killed":
                    Assert.Fail($"a worker died during the roll (line {i}: {lines[i]})\n{describe()}");
                    break;
            }

            Assert.True(connected.Count >= Workers, $"only {connected.Count} workers were connected after line {i} ({lines[i]})\n{describe()}");
        }

        Assert.Equal(old.Keys.Order(), successors.Keys.Order());
        Assert.Empty(successors.Values.Intersect(old.Values));
        return successors;

        static int Number(System.Text.RegularExpressions.Group group) => int.Parse(group.Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^(spawned|connected|removed|killed) (\d+) (\d+)(?: -?\d+)?$")]
    private static partial Regex WorkerLine();
}
