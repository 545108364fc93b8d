using Cluster.Rx.ProcessSpecs.Harness;

namespace Cluster.Rx.ProcessSpecs.Master;

/// <summary>Titles are what <c>ps -o comm=</c> shows: <c>/proc/PID/comm</c>, 15 bytes at most.</summary>
public sealed class TitleSpecs
{
    [Fact]
    public async Task Title_Set_MasterAndWorkersShowTheirTitles()
    {
        using var cluster = ClusterProcess.Start(["http"], new()
        {
            ["WORKERS"] = "2",
            ["TITLE"] = "spec master",
            ["WORKER_TITLE"] = "spec w{n}",
        });
        await cluster.PortAsync();
        var workers = await cluster.WorkersAsync(2);

        Assert.Equal("spec master", OsProcess.Title(cluster.Pid));
        Assert.Equal("spec w0", OsProcess.Title(workers[0]));
        Assert.Equal("spec w1", OsProcess.Title(workers[1]));
    }

    [Fact]
    public async Task Title_Defaults_WorkerTitlesShortenedKeepingTheirIds()
    {
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "2" });
        await cluster.PortAsync();
        var workers = await cluster.WorkersAsync(2);

        // "cluster worker {n}" is 16 bytes: the text before the id is cut, never the id.
        Assert.Equal("cluster", OsProcess.Title(cluster.Pid));
        Assert.Equal("cluster worker0", OsProcess.Title(workers[0]));
        Assert.Equal("cluster worker1", OsProcess.Title(workers[1]));
    }
}
