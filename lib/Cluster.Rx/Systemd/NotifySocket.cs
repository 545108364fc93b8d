using System.Net.Sockets;
using System.Text;
using Cluster.Rx.Internal;

namespace Cluster.Rx.Systemd;

/// <summary>
/// The sending end of systemd's notification protocol (<c>sd_notify</c>): one datagram per message, newline-separated
/// <c>KEY=VALUE</c> assignments, to the Unix datagram socket <c>NOTIFY_SOCKET</c> names (a leading '@' names one in the
/// abstract namespace). A send that fails (the socket is gone, systemd is not reading) is logged once, as a warning,
/// and never thrown: notifications are advice to the service manager, never a reason for the master to stop.
/// </summary>
internal sealed class NotifySocket : IDisposable
{
    /// <summary>How long a send may block when systemd's queue is full, before it counts as failed. 1 s.</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(1);

    private readonly string _address;
    private readonly UnixDomainSocketEndPoint _endPoint;
    private readonly Socket _socket;
    private readonly ClusterLog _log;
    private int _warned;

    /// <exception cref="ClusterException"><paramref name="address"/> is no Unix socket address.</exception>
    public NotifySocket(string address, ClusterLog log)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        _address = address;
        _log = log;
        _endPoint = EndPointOf(address);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified)
        {
            SendTimeout = (int)SendTimeout.TotalMilliseconds,
        };
    }

    /// <summary>
    /// The endpoint <paramref name="address"/> names: a path, or, with a leading '@', a name in the abstract namespace
    /// (which the socket API spells with a leading NUL byte).
    /// </summary>
    /// <exception cref="ClusterException">The address is neither.</exception>
    public static UnixDomainSocketEndPoint EndPointOf(string address)
    {
        if (address.Length < 2 || (address[0] != '/' && address[0] != '@'))
        {
            throw new ClusterException($"{SystemdEnvironment.NotifySocketVariable} is '{address}'; systemd sets it to an absolute socket path or an '@' abstract name (unset it to run without systemd)");
        }

        try
        {
            return new UnixDomainSocketEndPoint(address[0] == '@' ? "\0" + address[1..] : address);
        }
        catch (ArgumentException e)
        {
            throw new ClusterException($"{SystemdEnvironment.NotifySocketVariable} is '{address}': {e.Message}", e);
        }
    }

    /// <summary>Sends <paramref name="message"/> as one datagram; false (and a warning, the first time) when it could not be sent.</summary>
    public bool Send(string message)
    {
        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(message), SocketFlags.None, _endPoint);
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            if (Interlocked.Exchange(ref _warned, 1) == 0)
            {
                _log.Write(LogEvents.SystemdNotifyFailed, _address, e.Message);
            }

            return false;
        }
    }

    public void Dispose() => _socket.Dispose();
}
