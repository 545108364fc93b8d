using Cluster.Rx.ProcessSpecs.Harness;

namespace Cluster.Rx.ProcessSpecs.Master;

public sealed class CrashLoopSpecs
{
    [Fact]
    public async Task CrashLoop_WorkersThrowAtStartUp_MasterGivesUpWithExitCode1()
    {
        using var cluster = ClusterProcess.Start(["crash"], new() { ["WORKERS"] = "2" });

        // The guard backs off between respawns, then gives up: bounded, not an endless spawn loop.
        Assert.Equal(1, await cluster.ExitCodeAsync(Limits.CrashLoop));
        await cluster.WaitForErrorAsync("cluster: error: workers keep dying.*");
        await cluster.WaitForLineAsync("closed 1");
        Assert.NotEmpty(cluster.Lines(@"exception \d+ System\.InvalidOperationException spec host: the server cannot start.*"));
        Assert.InRange(cluster.Lines(@"spawned \d+ \d+").Count, 2, 12);
        await Eventually.AssertAsync(
            () => cluster.WorkerPids.All(cluster.IsGone),
            Limits.Exit,
            () => $"workers still alive after the master gave up\n{cluster.Describe()}");
    }
}
