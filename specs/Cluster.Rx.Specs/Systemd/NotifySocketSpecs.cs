using System.Net.Sockets;
using System.Text;
using Cluster.Rx.Internal;
using Cluster.Rx.Systemd;

namespace Cluster.Rx.Specs.Systemd;

/// <summary>The sd_notify datagrams, received on a socket the spec binds as systemd would.</summary>
public sealed class NotifySocketSpecs : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("cluster-rx-notify-");
    private readonly StringWriter _logged = new();

    [Fact]
    public async Task Send_ToAPath_OneDatagramPerMessage()
    {
        var path = Path.Combine(_directory.FullName, "notify");
        using var systemd = Bind(new UnixDomainSocketEndPoint(path));
        using var notify = new NotifySocket(path, new ClusterLog(_logged));

        Assert.True(notify.Send("READY=1\nSTATUS=2 of 2 workers serving"));
        Assert.True(notify.Send("WATCHDOG=1"));

        Assert.Equal("READY=1\nSTATUS=2 of 2 workers serving", await ReceiveAsync(systemd));
        Assert.Equal("WATCHDOG=1", await ReceiveAsync(systemd));
        Assert.Empty(_logged.ToString());
    }

    [Fact]
    public async Task Send_ToAnAbstractName_TheAtSignStandsForTheLeadingNul()
    {
        var name = $"cluster-rx-notify-{Guid.NewGuid():N}";
        using var systemd = Bind(new UnixDomainSocketEndPoint("\0" + name));
        using var notify = new NotifySocket("@" + name, new ClusterLog(_logged));

        Assert.True(notify.Send("STOPPING=1"));

        Assert.Equal("STOPPING=1", await ReceiveAsync(systemd));
    }

    [Fact]
    public void Send_NobodyListens_FalseAndOneWarningOnly()
    {
        var path = Path.Combine(_directory.FullName, "gone");
        using var notify = new NotifySocket(path, new ClusterLog(_logged));

        Assert.False(notify.Send("READY=1"));
        Assert.False(notify.Send("WATCHDOG=1"));

        var warning = Assert.Single(_logged.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"cluster: warning: cannot notify systemd at {path}", warning);
    }

    [Theory]
    [InlineData("notify")]
    [InlineData("@")]
    [InlineData("relative/path")]
    public void Constructor_NotASocketAddress_IsAClearError(string address)
    {
        var error = Assert.Throws<ClusterException>(() => new NotifySocket(address, new ClusterLog(_logged)));

        Assert.Contains($"NOTIFY_SOCKET is '{address}'", error.Message);
    }

    public void Dispose()
    {
        _directory.Delete(recursive: true);
        _logged.Dispose();
    }

    private static Socket Bind(UnixDomainSocketEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(endPoint);
        return socket;
    }

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(Limit);
        var received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, received);
    }
}
