using Cluster.Rx.ProcessSpecs.Harness;

namespace Cluster.Rx.ProcessSpecs.Master;

public sealed class CrashLoopSpecs
{
    [Fact]
    public async Task CrashLoop_WorkersThrowAtStartUp_MasterGivesUpWithExitCode1()
    {
        using var cluster = ClusterProcess.Start(["crash"], new() { ["WORKERS"] = "2" });

        // No worker ever serves: the master backs off between respawns, then gives up after 'max boot failures'
        // (10) boot failures in a row, naming the exception the workers report: bounded, not an endless spawn loop.
        Assert.Equal(1, await cluster.ExitCodeAsync(Limits.CrashLoop));
        await cluster.WaitForErrorAsync("cluster: error: workers keep failing to start: no worker serves, and the last 10 failed to boot.*The last exception a worker reported: System.InvalidOperationException: spec host: the server cannot start.*");
        await cluster.WaitForLineAsync("closed 1");
        Assert.NotEmpty(cluster.Lines(@"exception \d+ System\.InvalidOperationException spec host: the server cannot start.*"));
        // The 10th failure ends it; the other worker's respawn may be on its way then: 10 or 11 spawns, never more.
        Assert.InRange(cluster.Lines(@"spawned \d+ \d+").Count, 10, 11);
        await Eventually.AssertAsync(
            () => cluster.WorkerPids.All(cluster.IsGone),
            Limits.Exit,
            () => $"workers still alive after the master gave up\n{cluster.Describe()}");
    }
}
