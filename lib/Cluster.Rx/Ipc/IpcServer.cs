using System.Net.Sockets;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Cluster.Rx.Interop;
using Cluster.Rx.Settings;

namespace Cluster.Rx.Ipc;

/// <summary>
/// The master's end of IPC: a Unix domain socket, mode 0600, that accepts only processes of the master's own
/// user (checked with SO_PEERCRED) and hands each accepted connection to a callback.
/// </summary>
internal sealed class IpcServer : IDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stopping = new();
    private readonly IScheduler _scheduler;

    private IpcServer(Socket socket, string path, IScheduler scheduler)
    {
        _socket = socket;
        _scheduler = scheduler;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Binds <c>cluster.&lt;pid&gt;.sock</c> in <paramref name="directory"/>.</summary>
    /// <exception cref="ClusterException">The directory is missing or cannot be written.</exception>
    public static IpcServer Bind(string directory, IScheduler? scheduler = null)
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
            return new IpcServer(socket, path, scheduler ?? TaskPoolScheduler.Default);
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
            catch (SocketException e) when (IsTransient(e.SocketErrorCode) && !_stopping.IsCancellationRequested)
            {
                // Out of descriptors, or a peer that gave up while queued: this connection is lost, the next is not.
                reject($"could not accept an IPC connection ({e.SocketErrorCode}: {e.Message}); accepting goes on");
                await PauseAsync(e.SocketErrorCode).ConfigureAwait(false);
                continue;
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

    /// <summary>
    /// True for an accept error that ends one connection, not the listening socket: out of descriptors
    /// (EMFILE, ENFILE), out of buffers, or a peer that reset or aborted while it waited to be accepted.
    /// </summary>
    internal static bool IsTransient(SocketError error) => error is SocketError.TooManyOpenSockets
        or SocketError.NoBufferSpaceAvailable
        or SocketError.ConnectionAborted
        or SocketError.ConnectionReset
        or SocketError.Interrupted
        or SocketError.TryAgain;

    /// <summary>Out of descriptors or buffers, accepting again at once would spin: wait a little first (on the scheduler).</summary>
    private async Task PauseAsync(SocketError error)
    {
        if (error is not (SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable))
        {
            return;
        }

        try
        {
            await Observable.Timer(ClusterDefaults.AcceptPause, _scheduler).ToTask(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Disposed while pausing: the loop ends at its next check.
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
