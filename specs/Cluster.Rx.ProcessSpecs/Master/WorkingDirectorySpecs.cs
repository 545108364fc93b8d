using System.Net;
using Cluster.Rx.ProcessSpecs.Harness;

namespace Cluster.Rx.ProcessSpecs.Master;

public sealed class WorkingDirectorySpecs
{
    [Fact]
    public async Task WorkingDirectory_Set_MasterAndWorkersRunThere()
    {
        using var temp = new TempDirectory();
        var directory = Directory.CreateDirectory(temp.Combine("work dir")).FullName;
        using var cluster = ClusterProcess.Start(["cwd", directory], new() { ["WORKERS"] = "1" });
        var port = await cluster.PortAsync();
        var workers = await cluster.WorkersAsync(1);
        using var client = Clients.Tcp(port);

        var reply = await client.FetchAsync("/");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.EndsWith($" cwd={directory}", reply.Body);
        Assert.Equal(directory, OsProcess.WorkingDirectory(workers[0]));
        Assert.Equal(directory, OsProcess.WorkingDirectory(cluster.Pid));
    }

    [Fact]
    public async Task WorkingDirectory_NotSet_IsTheProgramsDirectory()
    {
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "1" });
        var port = await cluster.PortAsync();
        await cluster.WorkersAsync(1);
        using var client = Clients.Tcp(port);

        var reply = await client.FetchAsync("/");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.EndsWith($" cwd={Path.GetDirectoryName(SpecHost.Path)}", reply.Body);
    }
}
