using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Cluster.Rx.Interop;

/// <summary>
/// A listening Unix socket's file, put in place whole and removed only while it is still its own. .NET deletes the
/// file a socket was bound to when the socket is disposed; a socket bound under a temporary name and renamed onto
/// its path leaves that deletion to a name nobody uses any more, so a process that hands its socket on (the old
/// master of a zero-downtime restart) or lets the path go to another never deletes what someone else serves.
/// </summary>
internal static class UnixSocketFile
{
    /// <summary>The longest path a Unix socket can be bound to, in bytes of UTF-8 (sun_path holds 108, the terminating NUL included).</summary>
    public const int MaxPathBytes = 107;

    /// <summary>
    /// Null when a socket can be put at <paramref name="path"/> (a full path); otherwise why not, with its length and
    /// the longest it may be (its temporary name beside it must fit too).
    /// </summary>
    public static string? TooLong(string path)
    {
        var bytes = Encoding.UTF8.GetByteCount(TemporaryPathOf(path));
        if (bytes <= MaxPathBytes)
        {
            return null;
        }

        var length = Encoding.UTF8.GetByteCount(path);
        var most = MaxPathBytes - (bytes - length);
        return $"the path is {length.ToString(CultureInfo.InvariantCulture)} bytes long and may be {most.ToString(CultureInfo.InvariantCulture)} at most " +
            $"(a Unix socket's path has room for {MaxPathBytes.ToString(CultureInfo.InvariantCulture)}, and a temporary name beside it is bound first)";
    }

    /// <summary>The temporary name a socket for <paramref name="path"/> is bound to: hidden, beside it, this process's own.</summary>
    public static string TemporaryPathOf(string path) => Path.Combine(
        Path.GetDirectoryName(path) ?? "/",
        $".{Path.GetFileName(path)}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>
    /// A socket listening at <paramref name="path"/>: bound under <see cref="TemporaryPathOf"/>, made owner-only when
    /// asked, listening, then renamed onto the path (replacing what is there) — unless <paramref name="stillFree"/>,
    /// asked just before the rename, says no: then null.
    /// </summary>
    /// <exception cref="SocketException">It cannot be bound or listen.</exception>
    /// <exception cref="IOException">The temporary name cannot be removed or renamed.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory cannot be written.</exception>
    public static Socket? Listen(string path, int backlog, bool ownerOnly, Func<bool>? stillFree = null)
    {
        var temporary = TemporaryPathOf(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            File.Delete(temporary);
            socket.Bind(new UnixDomainSocketEndPoint(temporary));
            if (ownerOnly)
            {
                Posix.MakeOwnerOnly(temporary);
            }

            socket.Listen(backlog);
            if (stillFree?.Invoke() == false)
            {
                socket.Dispose();
                return null;
            }

            File.Move(temporary, path, overwrite: true);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Removes <paramref name="path"/> while it is still the file <paramref name="own"/> names; quietly, when its directory has gone or cannot be written.</summary>
    public static void RemoveIfOwn(string path, FileIdentity? own)
    {
        try
        {
            if (own is { } identity && identity.IsSameFile(FileIdentity.Of(path)))
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing is left to clean.
        }
    }
}
