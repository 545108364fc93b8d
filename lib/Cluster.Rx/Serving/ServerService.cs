namespace Cluster.Rx.Serving;

/// <summary>An <see cref="IServer"/> as a worker runs it: on the shared socket, until told to stop.</summary>
internal sealed class ServerService(IServer server) : IWorkerService
{
    public int Connections => server.Connections;

    public CancellationToken Ended => CancellationToken.None;

    public bool StartsBeforeAdmission => server is IAwaitsAdmission;

    public Task StartAsync(ListenContext? context, CancellationToken cancellationToken) =>
        server.StartAsync(context ?? throw new ClusterException($"the master passed no listening socket ({WorkerEnvironment.ListenFdVariable} is not set)"), cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => server.StopAsync(cancellationToken);
}
