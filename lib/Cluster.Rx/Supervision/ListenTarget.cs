using System.Net;
using System.Net.Sockets;

namespace Cluster.Rx.Supervision;

/// <summary>Where the master listens: a TCP host and port, or a Unix socket path.</summary>
internal abstract record ListenTarget
{
    /// <summary>Binds and listens, once, in the master.</summary>
    /// <exception cref="ClusterException">The address cannot be resolved, is in use or is not allowed.</exception>
    public abstract Socket Bind(int backlog);

    /// <summary>
    /// Called once the master listens (on a socket it bound or adopted): what to do when it has closed, told whether a
    /// replacement master serves the socket now — remove what listening left on disk, if it is still this master's.
    /// </summary>
    public virtual Action<bool> Claim() => _ => { };

    /// <summary>The address <paramref name="listener"/> (bound by this master or adopted from the one it replaces) serves, as clients reach it.</summary>
    public virtual EndPoint? EndPointOf(Socket listener) => listener.LocalEndPoint;

    internal sealed record Tcp(string? Host, int Port) : ListenTarget
    {
        public override Socket Bind(int backlog)
        {
            var endPoint = new IPEndPoint(Resolve(), Port);
            var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.Bind(endPoint);
                socket.Listen(backlog);
                return socket;
            }
            catch (SocketException e)
            {
                socket.Dispose();
                throw new ClusterException(e.SocketErrorCode switch
                {
                    SocketError.AddressAlreadyInUse => $"address {endPoint} is already in use; stop the process that holds it or listen on another port (Listen(0) picks a free one)",
                    SocketError.AccessDenied => $"permission denied to listen on {endPoint}; ports below 1024 need root or CAP_NET_BIND_SERVICE",
                    SocketError.AddressNotAvailable => $"cannot listen on {endPoint}: {endPoint.Address} is not an address of this machine",
                    _ => $"cannot listen on {endPoint}: {e.Message}",
                }, e);
            }
        }

        private IPAddress Resolve()
        {
            if (Host is null)
            {
                return IPAddress.Any;
            }

            if (IPAddress.TryParse(Host, out var address))
            {
                return address;
            }

            IPAddress[] addresses;
            try
            {
                addresses = Dns.GetHostAddresses(Host);
            }
            catch (SocketException e)
            {
                throw new ClusterException($"cannot resolve host '{Host}': {e.Message}; give an IP address or a host name this machine can resolve", e);
            }

            return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                ?? addresses.FirstOrDefault()
                ?? throw new ClusterException($"host '{Host}' resolves to no address");
        }
    }

    internal sealed record Unix(string Path) : ListenTarget
    {
        /// <remarks>
        /// Put in place whole (<see cref="Interop.UnixSocketFile"/>): the old master of a zero-downtime restart disposes
        /// its socket while the new master serves on it, and must not take the path with it.
        /// </remarks>
        public override Socket Bind(int backlog)
        {
            var path = System.IO.Path.GetFullPath(Path);
            if (Interop.UnixSocketFile.TooLong(path) is { } tooLong)
            {
                throw new ClusterException($"cannot listen on Unix socket {path}: {tooLong}; choose a shorter path");
            }

            RemoveStale(path);
            try
            {
                return Interop.UnixSocketFile.Listen(path, backlog, ownerOnly: false)!;
            }
            catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException)
            {
                throw new ClusterException($"cannot listen on Unix socket {path}: {e.Message}", e);
            }
        }

        /// <summary>The path, not the temporary name the socket was bound to.</summary>
        public override EndPoint EndPointOf(Socket listener) => new UnixDomainSocketEndPoint(System.IO.Path.GetFullPath(Path));

        /// <summary>At the end, the socket file is removed — unless a replacement serves on it, or another file took the path.</summary>
        public override Action<bool> Claim()
        {
            var path = System.IO.Path.GetFullPath(Path);
            var own = Interop.FileIdentity.Of(path);
            return handedOver =>
            {
                if (!handedOver)
                {
                    Interop.UnixSocketFile.RemoveIfOwn(path, own);
                }
            };
        }

        /// <summary>Deletes a socket file nobody listens on any more; refuses to touch a live socket or another file.</summary>
        private static void RemoveStale(string path)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                return;
            }

            if (!IsSocket(path))
            {
                throw new ClusterException($"cannot listen on {path}: it exists and is not a socket; remove it or choose another path");
            }

            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(path));
            }
            catch (SocketException)
            {
                File.Delete(path);
                return;
            }

            throw new ClusterException($"Unix socket {path} is in use by another process; stop it or choose another path");
        }

        private static bool IsSocket(string path) => Interop.FileIdentity.Of(path) is { IsSocket: true };
    }
}
