using System.Net;
using System.Text.RegularExpressions;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs.Servers;

public sealed class UnixSocketSpecs
{
    [Fact]
    public async Task UnixSocket_ListenPath_ServesHttpOverTheSocket()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("http.sock");
        using var cluster = ClusterProcess.Start(["unix", path], new() { ["WORKERS"] = "2" });

        await AssertServesAsync(cluster, path);
    }

    [Fact]
    public async Task UnixSocket_StaleSocketFileAtPath_IsReplaced()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("http.sock");
        LeaveStaleSocket(path);
        Assert.True(File.Exists(path), $"precondition: a stale socket file at {path}");
        using var cluster = ClusterProcess.Start(["unix", path], new() { ["WORKERS"] = "2" });

        await AssertServesAsync(cluster, path);
    }

    [Fact]
    public async Task UnixSocket_AZeroDowntimeRestart_LeavesThePathToTheNewMaster_WhoseShutdownRemovesIt()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("http.sock");
        using var cluster = ClusterProcess.Start(["unix", path], new() { ["WORKERS"] = "2", ["RESTART_THRESHOLD"] = "0" });
        await AssertServesAsync(cluster, path);

        cluster.SignalMaster(Signum.SIGUSR2);
        await cluster.WaitForLineAsync($@"restarted {cluster.Pid} .*", limit: Limits.Restart);
        await Eventually.AssertAsync(() => cluster.IsGone(cluster.Pid), Limits.Exit, () => $"the old master {cluster.Pid} is still running\n{cluster.Describe()}");
        var successor = cluster.MasterPids[^1];

        Assert.True(File.Exists(path), $"the old master took {path} with it\n{cluster.Describe()}");
        using (var client = Clients.Unix(path))
        {
            Assert.Equal(successor, (await client.FetchAsync("/").WaitAsync(Limits.Line)).MasterPid);
        }

        cluster.SignalMaster(successor, Signum.SIGQUIT);
        await Eventually.AssertAsync(() => cluster.IsGone(successor), Limits.Exit, () => $"the new master {successor} is still running\n{cluster.Describe()}");
        await Eventually.AssertAsync(() => !File.Exists(path), Limits.Line, () => $"{path} is left after the last master closed");
    }

    /// <summary>What a server killed before it could clean up leaves: a socket file that nobody listens on.</summary>
    /// <remarks>
    /// .NET's own Socket deletes its file when disposed, so this binds and closes through libc; close-on-exec, or a
    /// process another spec starts meanwhile would inherit the socket and keep it listening.
    /// </remarks>
    private static void LeaveStaleSocket(string path)
    {
        var fd = Syscall.socket(UnixAddressFamily.AF_UNIX, UnixSocketType.SOCK_STREAM, UnixSocketFlags.SOCK_CLOEXEC, 0);
        Assert.True(fd >= 0, $"socket() failed: {Stdlib.GetLastError()}");
        try
        {
            Assert.Equal(0, Syscall.bind(fd, new SockaddrUn(path)));
            Assert.Equal(0, Syscall.listen(fd, 1));
        }
        finally
        {
            Assert.Equal(0, Syscall.close(fd));
        }
    }

    private static async Task AssertServesAsync(ClusterProcess cluster, string path)
    {
        await cluster.WaitForLineAsync($"listening {Regex.Escape(path)}");
        var workers = await cluster.WorkersAsync(2);
        using var client = Clients.Unix(path);

        for (var request = 0; request < 5; request++)
        {
            var reply = await client.FetchAsync("/");
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            Assert.Contains(reply.Pid, workers.Values);
        }
    }
}
