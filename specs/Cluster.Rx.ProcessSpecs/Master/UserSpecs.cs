using System.Globalization;
using System.Net;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs.Master;

public sealed class UserSpecs
{
    [Fact]
    public async Task User_Nobody_WorkersDropToItAndServe()
    {
        // Changing user needs root. xunit 2 has no run-time skip: without root this spec checks nothing and passes.
        if (Syscall.geteuid() != 0 || Syscall.getpwnam("nobody") is not { } nobody)
        {
            return;
        }

        using var cluster = ClusterProcess.Start(["user", "nobody"], new() { ["WORKERS"] = "2" });
        var port = await cluster.PortAsync();
        var workers = await cluster.WorkersAsync(2);
        using var client = Clients.Tcp(port);

        var reply = await client.FetchAsync("/");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Contains(reply.Pid, workers.Values);
        var uid = nobody.pw_uid.ToString(CultureInfo.InvariantCulture);
        var gid = nobody.pw_gid.ToString(CultureInfo.InvariantCulture);
        foreach (var pid in workers.Values)
        {
            Assert.Equal([uid, uid, uid, uid], OsProcess.Status(pid, "Uid"));
            Assert.Equal([gid, gid, gid, gid], OsProcess.Status(pid, "Gid"));
        }

        Assert.Equal(["0", "0", "0", "0"], OsProcess.Status(cluster.Pid, "Uid"));
    }
}
