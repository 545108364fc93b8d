using System.Net.Sockets;

namespace Cluster.Rx;

/// <summary>The console's bound and listening socket; disposing it stops listening and lets the address go.</summary>
internal sealed class ReplListener(Socket socket, Action release) : IDisposable
{
    private int _disposed;

    /// <summary>The listening socket.</summary>
    public Socket Socket => socket;

    /// <summary>Lets the address go (a Unix socket file is removed while it is still this listener's) and closes the socket; idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            release();
        }
    }
}
