using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Cluster.Rx.Interop;

namespace Cluster.Rx;

/// <summary>
/// The console on a Unix socket: mode 0600, clients checked by their peer credentials. A stale socket file (nobody
/// listens) is replaced; at the end the file is removed while it is still this listener's, so a replacement
/// master's is never touched.
/// </summary>
/// <param name="Path">The socket's path; a full path once resolved.</param>
internal sealed record ReplUnixEndPoint(string Path) : ReplEndPoint
{
    public override bool ChecksPeers => true;

    public override string ToString() => Path;

    public override ReplEndPoint Resolve()
    {
        var full = System.IO.Path.GetFullPath(Path);
        var directory = System.IO.Path.GetDirectoryName(full) ?? "/";
        if (!Directory.Exists(directory))
        {
            throw Error(full, $"the directory {directory} does not exist; create it, or give Repl a path in an existing directory");
        }

        var resolved = this with { Path = full };
        if (UnixSocketFile.TooLong(full) is { } tooLong)
        {
            throw Error(full, $"{tooLong}; give Repl a shorter path");
        }

        return resolved;
    }

    /// <remarks>
    /// The socket is bound under a temporary name beside the path, made owner-only and listening, then renamed onto the
    /// path: clients never find it with a looser mode, a stale file is replaced at once, and .NET, which deletes the
    /// file a socket was bound to when the socket is disposed, deletes a name nobody uses any more.
    /// </remarks>
    public override ReplListener? TryListen(out string inUse)
    {
        inUse = string.Empty;
        if (Holder() is { } holder)
        {
            inUse = holder;
            return null;
        }

        string? late = null;
        Socket? socket;
        try
        {
            // A listener may have come meanwhile: the rename would hide it.
            socket = UnixSocketFile.Listen(Path, ReplDefaults.Backlog, ownerOnly: true, stillFree: () => (late = Holder()) is null);
        }
        catch (Exception e) when (e is SocketException or ClusterException or IOException or UnauthorizedAccessException)
        {
            throw Error(Path, $"{e.Message}; give Repl a path in a directory the master can write");
        }

        if (socket is null)
        {
            inUse = late!;
            return null;
        }

        var identity = FileIdentity.Of(Path);
        return new ReplListener(socket, () => Release(socket, identity));
    }

    /// <summary>Who holds the path, as the error says it (with what to do); null when it is free or a stale socket file.</summary>
    /// <exception cref="ClusterException">The path is a file that is not a socket, or it cannot be told whether a process listens there.</exception>
    private string? Holder()
    {
        if (FileIdentity.Of(Path) is not { } existing)
        {
            return null;
        }

        if (!existing.IsSocket)
        {
            throw Error(Path, "it exists and is not a socket; remove it, or give Repl another path");
        }

        return IsLive(out var pid)
            ? $"{(pid is int p ? $"process {p.ToString(CultureInfo.InvariantCulture)}" : "another process")} listens there already; stop it, or give Repl another path"
            : null;
    }

    /// <summary>
    /// Removes the file while it is still this listener's, then closes the socket: removed first, so that no other
    /// listener can have taken the path in between (a replacement master waits for the file to go).
    /// </summary>
    private void Release(Socket socket, FileIdentity? identity)
    {
        try
        {
            UnixSocketFile.RemoveIfOwn(Path, identity);
        }
        finally
        {
            socket.Dispose();
        }
    }

    /// <summary>True when a process listens on the socket file (its pid, when it can be told); false when nobody does.</summary>
    private bool IsLive(out int? pid)
    {
        pid = null;
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { Blocking = false };
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(Path));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable)
        {
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.TryAgain or SocketError.InProgress)
        {
            // A listener whose backlog is full.
            return true;
        }
        catch (SocketException e)
        {
            throw Error(Path, $"cannot tell whether a process listens there ({e.Message}); remove it, or give Repl another path");
        }

        try
        {
            pid = PeerCredentials.Of(probe).Pid;
        }
        catch (Exception e) when (e is SocketException or ClusterException)
        {
            // Live, whoever it is.
        }

        return true;
    }

    private static ClusterException Error(string path, string what) => new($"cannot serve the console at {path}: {what}");
}
