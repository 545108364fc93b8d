using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Cluster.Rx;

/// <summary>
/// The console on TCP: on loopback unless a host is given, with a warning when it is reachable from the network.
/// SO_REUSEADDR, so a replacement master binds while the old master's connections linger.
/// </summary>
/// <param name="Host">The host as given.</param>
/// <param name="Port">The port (0 for any free one: specs only).</param>
/// <param name="Address">The host's address, once resolved.</param>
internal sealed record ReplTcpEndPoint(string Host, int Port, IPAddress? Address = null) : ReplEndPoint
{
    public override bool ChecksPeers => false;

    public override string? Warning => Address is { } address && !IPAddress.IsLoopback(address)
        ? $"the console at {this} accepts connections from the network; anyone who reaches it controls the cluster (without a host it listens on 127.0.0.1 only)"
        : null;

    public override string ToString() => Address is { } address
        ? new IPEndPoint(address, Port).ToString()
        : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    public override ReplEndPoint Resolve()
    {
        if (IPAddress.TryParse(Host, out var address))
        {
            return this with { Address = address };
        }

        IPAddress[] addresses;
        try
        {
            addresses = Dns.GetHostAddresses(Host);
        }
        catch (SocketException e)
        {
            throw new ClusterException($"cannot serve the console on host '{Host}': it does not resolve ({e.Message}); give Repl an IP address or a host name this machine can resolve", e);
        }

        return this with
        {
            Address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                ?? addresses.FirstOrDefault()
                ?? throw new ClusterException($"cannot serve the console on host '{Host}': it resolves to no address; give Repl an IP address"),
        };
    }

    public override ReplListener? TryListen(out string inUse)
    {
        inUse = string.Empty;
        var endPoint = new IPEndPoint(Address ?? throw new InvalidOperationException("resolve the console's host first"), Port);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endPoint);
            socket.Listen(ReplDefaults.Backlog);
            return new ReplListener(socket, socket.Dispose);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            socket.Dispose();
            inUse = "another process listens there already; stop it, or give Repl another port";
            return null;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new ClusterException(e.SocketErrorCode switch
            {
                SocketError.AccessDenied => $"cannot serve the console at {endPoint}: permission denied; ports below 1024 need root or CAP_NET_BIND_SERVICE",
                SocketError.AddressNotAvailable => $"cannot serve the console at {endPoint}: {endPoint.Address} is not an address of this machine",
                _ => $"cannot serve the console at {endPoint}: {e.Message}",
            }, e);
        }
    }
}
