using System.Net.Sockets;

namespace Cluster.Rx;

/// <summary>
/// What a worker's <see cref="IServer"/> serves from: its own descriptor of the listening socket the master bound
/// and shares, and the backlog the master listens with (a server that calls <c>listen()</c> again, as Kestrel does,
/// passes this one, so the master's <c>backlog</c> setting holds), and where the server reports what it does.
/// </summary>
public sealed class ListenContext
{
    /// <summary>Describes the socket a server serves from.</summary>
    /// <param name="listener">This worker's copy of the shared, already listening socket; the server owns it.</param>
    /// <param name="backlog">The backlog the master listens with.</param>
    /// <param name="activity">Where the server reports connections and requests; a new, unread one when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="backlog"/> is less than 1.</exception>
    public ListenContext(Socket listener, int backlog, ServerActivity? activity = null)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentOutOfRangeException.ThrowIfLessThan(backlog, 1);
        Listener = listener;
        Backlog = backlog;
        Activity = activity ?? new ServerActivity();
    }

    /// <summary>This worker's copy of the shared, already listening socket. The server owns it and closes it when it stops.</summary>
    public Socket Listener { get; }

    /// <summary>The backlog the master listens with.</summary>
    public int Backlog { get; }

    /// <summary>
    /// Completes with true when the server may accept, or with false when it never will. A standby worker starts a
    /// server that awaits it (see <see cref="Serving.IAwaitsAdmission"/>) before it is promoted, so that it serves at
    /// once when it is; every other worker's completes with true at once.
    /// </summary>
    internal Task<bool> Admitted { get; init; } = Task.FromResult(true);

    /// <summary>Where the server reports each connection it opens and closes and each request it finishes.</summary>
    public ServerActivity Activity { get; }
}
