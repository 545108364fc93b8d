using System.Net.Sockets;
using Cluster.Rx.Interop;

namespace Cluster.Rx.Ipc;

/// <summary>
/// The master's end of IPC: a Unix domain socket, mode 0600, that accepts only processes of the master's own
/// user (checked with SO_PEERCRED) and hands each accepted connection to a callback.
/// </summary>
internal sealed class IpcServer : IDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stopping = new();

    private IpcServer(Socket socket, string path)
    {
        _socket = socket;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Binds <c>cluster.&lt;pid&gt;.sock</c> in <paramref name="directory"/>.</summary>
    /// <exception cref="ClusterException">The directory is missing or cannot be written.</exception>
    public static IpcServer Bind(string directory)
    {
        var fullDirectory = System.IO.Path.GetFullPath(directory);
        var path = System.IO.Path.Combine(fullDirectory, $"cluster.{Environment.ProcessId}.sock");
        if (!Directory.Exists(fullDirectory))
        {
            throw new ClusterException($"'socket path' is '{directory}' ({fullDirectory}), which is not a directory; set it to a writable directory");
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            File.Delete(path);
            socket.Bind(new UnixDomainSocketEndPoint(path));
            Posix.MakeOwnerOnly(path);
            socket.Listen(512);
            return new IpcServer(socket, path);
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException)
        {
            socket.Dispose();
            throw new ClusterException($"cannot create the IPC socket {path} ('socket path' is '{directory}'): {e.Message}; set 'socket path' to a directory this user can write", e);
        }
    }

    /// <summary>Accepts connections until disposed; each from the master's user goes to <paramref name="onConnection"/>.</summary>
    public async Task AcceptAsync(Action<Socket, PeerCredentials> onConnection, Action<string> reject)
    {
        var owner = Posix.EffectiveUserId;
        while (!_stopping.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            PeerCredentials peer;
            try
            {
                peer = PeerCredentials.Of(accepted);
            }
            catch (Exception e) when (e is SocketException or ClusterException)
            {
                reject($"refused an IPC connection whose peer cannot be identified: {e.Message}");
                accepted.Dispose();
                continue;
            }

            if (peer.Uid != owner)
            {
                reject($"refused an IPC connection from pid {peer.Pid}: its user id {peer.Uid} is not the master's ({owner})");
                accepted.Dispose();
                continue;
            }

            onConnection(accepted, peer);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _socket.Dispose();
        try
        {
            File.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Its directory went away (or became read-only) while the master ran: nothing is left to clean.
        }

        _stopping.Dispose();
    }
}
