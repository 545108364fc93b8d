using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Cluster.Rx.ProcessSpecs.Harness;

namespace Cluster.Rx.ProcessSpecs.Master;

/// <summary>Bad input found at start-up: a clear <c>cluster: error: …</c> naming what is wrong, exit code 1, no worker started.</summary>
public sealed class StartupErrorSpecs
{
    [Fact]
    public async Task StartupError_AddressInUse_ExitsOneNamingTheAddress()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        holder.Listen();
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);

        await AssertStartupErrorAsync(["http"], new() { ["PORT"] = port }, $"127.0.0.1:{port}");
    }

    [Fact]
    public async Task StartupError_UserMissing_ExitsOneNamingTheUser() =>
        await AssertStartupErrorAsync(["user", "no-such-user-cx"], [], "'no-such-user-cx'");

    [Fact]
    public async Task StartupError_UnixSocketPathUnderRegularFile_ExitsOneNamingThePath()
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("file");
        await File.WriteAllTextAsync(file, "not a directory");
        var path = Path.Combine(file, "http.sock");

        await AssertStartupErrorAsync(["unix", path], [], path);
    }

    [Fact]
    public async Task StartupError_UnixSocketDirectoryMissing_ExitsOneNamingThePath()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("missing", "http.sock");

        await AssertStartupErrorAsync(["unix", path], [], path);
    }

    [Fact]
    public async Task StartupError_UnixSocketPathTooLong_ExitsOneNamingThePath()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine(new string('s', 100) + ".sock");

        await AssertStartupErrorAsync(["unix", path], [], path);
    }

    [Fact]
    public async Task StartupError_UnixSocketInUse_ExitsOneNamingThePath()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("http.sock");
        using var holder = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        holder.Bind(new UnixDomainSocketEndPoint(path));
        holder.Listen();

        await AssertStartupErrorAsync(["unix", path], [], path);
        Assert.True(File.Exists(path), "the socket file of the live listener was removed");
    }

    [Fact]
    public async Task StartupError_UnixSocketPathIsRegularFile_ExitsOneNamingItAndKeepsTheFile()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("http.sock");
        await File.WriteAllTextAsync(path, "somebody's data");

        await AssertStartupErrorAsync(["unix", path], [], path);
        Assert.Equal("somebody's data", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task StartupError_SocketPathMissing_ExitsOneNamingIt()
    {
        using var temp = new TempDirectory();
        var directory = temp.Combine("missing");

        await AssertStartupErrorAsync(["http"], new() { ["SOCKET_PATH"] = directory }, directory);
    }

    [Fact]
    public async Task StartupError_WorkingDirectoryMissing_ExitsOneNamingIt()
    {
        using var temp = new TempDirectory();
        var directory = temp.Combine("missing");

        await AssertStartupErrorAsync(["cwd", directory], [], directory);
    }

    private static async Task AssertStartupErrorAsync(string[] arguments, Dictionary<string, string?> environment, string named)
    {
        environment["WORKERS"] = "1";
        using var cluster = ClusterProcess.Start(arguments, environment);

        Assert.Equal(1, await cluster.ExitCodeAsync());
        await cluster.WaitForErrorAsync($"cluster: error: .*{Regex.Escape(named)}.*");
        Assert.Empty(cluster.Lines(@"spawned \d+ \d+"));
    }
}
