namespace Cluster.Rx.Serving;

/// <summary>
/// What a worker runs between taking its options from the master and stopping: a server on the shared socket
/// (<see cref="ServerService"/>), or a hosted app (its services, and its web server on the shared socket).
/// </summary>
internal interface IWorkerService
{
    /// <summary>Number of connections open right now (0 for a service that accepts none). Read from any thread.</summary>
    int Connections { get; }

    /// <summary>
    /// Cancelled when the service has ended on its own (a hosted app that stopped itself): the worker then stops as
    /// if the master had told it to, and exits.
    /// </summary>
    CancellationToken Ended { get; }

    /// <summary>
    /// True when <see cref="StartAsync"/> may run in a standby, before the worker may accept: the service then awaits
    /// <see cref="ListenContext.Admitted"/> before it accepts and does no work of its own until then.
    /// </summary>
    bool StartsBeforeAdmission { get; }

    /// <summary>Starts serving; completes once it serves.</summary>
    /// <param name="context">This worker's copy of the shared socket, or null in a cluster that listens on nothing.</param>
    /// <param name="cancellationToken">Cancelled when start-up should be abandoned.</param>
    Task StartAsync(ListenContext? context, CancellationToken cancellationToken);

    /// <summary>Stops gracefully; <paramref name="cancellationToken"/> is cancelled when it should stop being graceful.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
