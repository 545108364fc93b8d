using System.Net.Sockets;

namespace Cluster.Rx;

/// <summary>
/// A server that a worker runs on the listening socket the master bound and shared.
/// </summary>
/// <remarks>
/// A worker calls <see cref="StartAsync"/> once with its own copy of the listening socket (in a
/// <see cref="ListenContext"/>) and
/// <see cref="StopAsync"/> once when it is told to stop. The server owns the socket it is given:
/// it closes that copy (only that copy: the other workers keep accepting from theirs) when it stops.
/// </remarks>
public interface IServer
{
    /// <summary>Number of connections open right now. Read from any thread.</summary>
    int Connections { get; }

    /// <summary>
    /// Starts accepting connections from <paramref name="context"/>'s listener; completes once the server accepts.
    /// </summary>
    /// <param name="context">This worker's copy of the shared, already listening socket, and the master's backlog.</param>
    /// <param name="cancellationToken">Cancelled when start-up should be abandoned.</param>
    Task StartAsync(ListenContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Stops accepting, closes this worker's copy of the listening socket and completes when the
    /// connections that were open have finished their work.
    /// </summary>
    /// <param name="cancellationToken">
    /// Cancelled when the shutdown should no longer be graceful: open connections are then aborted.
    /// </param>
    Task StopAsync(CancellationToken cancellationToken);
}
