using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs.Master;

/// <summary>
/// Workers that switch to 'nobody'. Each spec runs its own copy of the SpecHost, in directories whose modes it sets:
/// the clone the specs were built in may well sit where 'nobody' cannot read (under a 0700 home, say).
/// </summary>
public sealed class UserSpecs
{
    [Fact]
    public async Task User_Nobody_WorkersDropToItAndServe()
    {
        if (Nobody() is not { } nobody)
        {
            return;
        }

        using var deploy = TempDirectory.Public();
        var program = SpecHostCopy.Into(deploy.Combine("app"));
        using var cluster = ClusterProcess.Start(["user", "nobody"], new() { ["WORKERS"] = "2" }, program: program);
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

    [Fact]
    public async Task User_NobodyCannotReadTheProgram_ExitsOneNamingTheUserAndTheDirectoryBeforeAnyWorkerStarts()
    {
        if (Nobody() is null)
        {
            return;
        }

        using var deploy = TempDirectory.Public();
        var hidden = deploy.Combine("private");
        var program = SpecHostCopy.Into(Path.Combine(hidden, "app"));
        TempDirectory.Chmod(hidden, FilePermissions.S_IRWXU);
        using var cluster = ClusterProcess.Start(["user", "nobody"], new() { ["WORKERS"] = "2" }, program: program);

        Assert.Equal(1, await cluster.ExitCodeAsync());
        await cluster.WaitForErrorAsync(
            $"cluster: error: user 'nobody' .* cannot read {Regex.Escape(program)}, the program's entry assembly: " +
            $"the directory {Regex.Escape(hidden)} is mode 0700, .*; make it searchable by that user \\(chmod o\\+x {Regex.Escape(hidden)}\\) or deploy the program where that user can read it");
        Assert.Empty(cluster.Lines(@"spawned \d+ \d+"));
        Assert.Empty(cluster.WorkerPids);
    }

    /// <summary>
    /// The 'nobody' account when this process may switch to it (root). Changing user needs root, and xunit 2 has no
    /// run-time skip: without root these specs check nothing and pass.
    /// </summary>
    private static Passwd? Nobody() => Syscall.geteuid() == 0 ? Syscall.getpwnam("nobody") : null;
}
