using System.Globalization;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs.Systemd;

/// <summary>
/// Socket activation with real processes: a tiny perl wrapper plays systemd's part — it binds a socket (port 0, so
/// ports never collide), puts it on fd 3, sets <c>LISTEN_FDS=1</c> and <c>LISTEN_PID</c> to its own pid, and execs the
/// SpecHost in its place (same pid, as systemd's child execs the service).
/// </summary>
public sealed class SocketActivationSpecs
{
    private const int Workers = 2;

    // $^F = 3: a socket perl opens on fd 3 stays open across exec (perl marks fds above $^F close-on-exec).
    private const string Activate = """
        $| = 1;
        $^F = 3;
        my $socket = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0, Listen => 16, Proto => "tcp") or die "activation: cannot listen: $!\n";
        if (fileno($socket) != 3) { POSIX::dup2(fileno($socket), 3) or die "activation: dup2: $!\n"; }
        print "activation port ", $socket->sockport, "\n";
        $ENV{LISTEN_FDS} = "1";
        $ENV{LISTEN_FDNAMES} = "http";
        $ENV{LISTEN_PID} = "$$";
        exec { $ARGV[0] } @ARGV or die "activation: cannot exec $ARGV[0]: $!\n";
        """;

    private const string Wrapper = "exec perl -MIO::Socket::INET -MPOSIX -e \"$ACTIVATE\" \"$0\" \"$@\"";

    [Fact]
    public async Task Activation_ServesTheSocketPassedOnFd3_NeverBinds_WorkersServeIt_AndARestartKeepsIt()
    {
        using var cluster = ClusterProcess.Start(["restart"], new() { ["WORKERS"] = $"{Workers}", ["TIMEOUT"] = "20000", ["ACTIVATE"] = Activate }, shellPrelude: Wrapper);

        var passed = int.Parse((await cluster.WaitForLineAsync(@"activation port (\d+)")).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(passed, await cluster.PortAsync());
        await cluster.WaitForErrorAsync(
            $@"cluster: info: socket activation: serving the socket systemd passed on fd 3 \('http'\) \(127\.0\.0\.1:{passed}\) instead of binding 127\.0\.0\.1:0");
        var workers = await cluster.WorkersAsync(Workers);
        foreach (var pid in workers.Values)
        {
            var seen = Environ.Named(pid, "LISTEN_", "NOTIFY_SOCKET", "WATCHDOG_");
            Assert.True(seen.Count == 0, $"worker {pid} was started with {string.Join(", ", seen)}\n{cluster.Describe()}");
        }

        using var client = Clients.Tcp(passed);
        var reply = await client.FetchAsync().WaitAsync(Limits.Line);
        Assert.Equal(cluster.Pid, reply.MasterPid);
        Assert.Contains(reply.Pid, workers.Values);

        // A restart hands the same socket on; the new master serves it too.
        cluster.SignalMaster(Signum.SIGUSR2);
        await cluster.WaitForLineAsync($@"restarted {cluster.Pid} 2 .*", limit: Limits.Restart);
        Assert.Equal(0, await cluster.ExitCodeAsync());
        var newMaster = cluster.MasterPids[^1];
        Assert.Equal(newMaster, (await client.FetchAsync().WaitAsync(Limits.Line)).MasterPid);
        Assert.Equal([passed, passed], cluster.Lines(@"listening (\d+)").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));
        cluster.SignalMaster(newMaster, Signum.SIGQUIT);
        await Eventually.AssertAsync(() => cluster.IsGone(newMaster), Limits.Exit, () => $"the new master {newMaster} did not exit after SIGQUIT\n{cluster.Describe()}");
    }

    [Fact]
    public async Task Activation_Fd3IsNotASocket_ClearStartError_Exit1()
    {
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "1" }, shellPrelude: "exec 3</dev/null\nLISTEN_FDS=1 LISTEN_PID=$$\nexport LISTEN_FDS LISTEN_PID");

        Assert.Equal(1, await cluster.ExitCodeAsync());
        await cluster.WaitForErrorAsync("cluster: error: LISTEN_FDS says systemd passed a socket on fd 3, but fd 3 is not a socket; .*");
        Assert.Empty(cluster.WorkerPids);
    }

    [Fact]
    public async Task Activation_ListenPidOfAnotherProcess_BindsAsDeclared()
    {
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "1", ["LISTEN_FDS"] = "1", ["LISTEN_PID"] = "1" });

        var port = await cluster.PortAsync();
        await cluster.WorkersAsync(1);
        using var client = Clients.Tcp(port);
        Assert.Equal(cluster.Pid, (await client.FetchAsync().WaitAsync(Limits.Line)).MasterPid);
        Assert.DoesNotContain(cluster.Errors.Lines(), l => l.Contains("socket activation", StringComparison.Ordinal));
    }
}
