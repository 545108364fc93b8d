using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Cluster.Rx.ProcessSpecs.Harness;

namespace Cluster.Rx.ProcessSpecs.Systemd;

/// <summary>
/// Plays systemd's side of <c>sd_notify</c>: a Unix datagram socket bound in a directory of its own
/// (<see cref="NotifySocket"/>, for <c>NOTIFY_SOCKET</c>), every datagram kept as one entry of <see cref="Messages"/>,
/// its assignments joined by '|' (<c>READY=1|STATUS=2 of 2 workers serving</c>).
/// </summary>
internal sealed class FakeSystemd : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("cluster-rx-systemd-");
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;

    public FakeSystemd()
    {
        NotifySocket = Path.Combine(_directory.FullName, "notify");
        _socket.Bind(new UnixDomainSocketEndPoint(NotifySocket));
        _receiving = Task.Run(ReceiveAsync);
    }

    /// <summary>The path to pass as <c>NOTIFY_SOCKET</c>.</summary>
    public string NotifySocket { get; }

    /// <summary>Every notification so far, in the order they arrived.</summary>
    public OutputLog Messages { get; } = new();

    /// <summary>The first notification from <paramref name="from"/> on that matches <paramref name="pattern"/> (whole); fails the spec if none comes within <paramref name="limit"/>.</summary>
    public async Task<OutputLog.Found> WaitForAsync(string pattern, int from, TimeSpan limit, Func<string> describe)
    {
        var found = await Messages.WaitAsync(new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant), from, limit);
        if (found is null)
        {
            Assert.Fail($"no notification matching '{pattern}' (from {from}) within {limit.TotalSeconds:0.#} s\nnotifications:\n{Messages.Describe()}\n{describe()}");
        }

        return found;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _receiving.Wait(TimeSpan.FromSeconds(10));
        _stop.Dispose();
        _directory.Delete(recursive: true);
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                Messages.Add(Encoding.UTF8.GetString(buffer, 0, received).Replace('\n', '|'));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Disposed: the spec is over.
        }
        finally
        {
            Messages.End();
        }
    }
}
