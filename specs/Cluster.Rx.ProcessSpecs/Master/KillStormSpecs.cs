using System.Globalization;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;
using Xunit.Abstractions;

namespace Cluster.Rx.ProcessSpecs.Master;

/// <summary>
/// A kill storm never ends the service: a serving worker SIGKILLed every second under load is a death, not a
/// boot failure, so the master keeps replacing (backing off up to 'max respawn delay') and never gives up; once the
/// storm passes, every worker serves again.
/// </summary>
public sealed class KillStormSpecs(ITestOutputHelper output)
{
    private const int Workers = 2;
    private const int Kills = 15;

    private static readonly TimeSpan Pace = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task KillStorm_AServingWorkerKilledEverySecond_MasterStaysUp_AndEveryWorkerServesAgainAfterIt()
    {
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = $"{Workers}" });
        var port = await cluster.PortAsync();
        await cluster.WorkersAsync(Workers);
        await using var load = Load.Start(port);
        await load.WaitForSuccessesAsync(TimeSpan.Zero, 20, cluster.Describe);

        var killed = new List<int>();
        using var pace = new PeriodicTimer(Pace);
        for (var i = 0; i < Kills && await pace.WaitForNextTickAsync(); i++)
        {
            // The storm kills only what serves: while every worker is still starting, it waits for the next tick.
            if (Serving(cluster).Keys.Except(killed).FirstOrDefault() is int pid and > 0)
            {
                cluster.SignalWorker(pid, Signum.SIGKILL);
                killed.Add(pid);
            }
        }

        // After the storm, every id serves again within the backoff cap (5 s) plus a worker's start-up.
        await Eventually.AssertAsync(
            () => Serving(cluster).Count == Workers,
            Limits.Line,
            () => $"{Serving(cluster).Count} of {Workers} workers serve after the storm\n{cluster.Describe()}");
        var mark = load.Mark();
        await load.WaitForSuccessesAsync(mark, 20, cluster.Describe);
        await load.StopAsync();
        output.WriteLine($"{killed.Count} workers killed; load: {load.Describe()}");

        Assert.True(killed.Count >= Kills / 2, $"only {killed.Count} kills landed\n{cluster.Describe()}");
        Assert.False(cluster.HasExited, $"the master exited during the kill storm\n{cluster.Describe()}");
        Assert.Empty(cluster.Lines(@"closing \w+"));
        Assert.DoesNotContain(cluster.Errors.Lines(), l => l.Contains("workers keep failing to start", StringComparison.Ordinal));
    }

    /// <summary>The workers that have connected and not died yet, by pid, from the master's event lines.</summary>
    private static Dictionary<int, int> Serving(ClusterProcess cluster)
    {
        var serving = new Dictionary<int, int>();
        foreach (var line in cluster.Output.Lines())
        {
            var words = line.Split(' ');
            if (words is ["connected", var id, var pid])
            {
                serving[Parse(pid)] = Parse(id);
            }
            else if (words is ["killed", _, var dead, _])
            {
                serving.Remove(Parse(dead));
            }
        }

        return serving;
    }

    private static int Parse(string number) => int.Parse(number, CultureInfo.InvariantCulture);
}
