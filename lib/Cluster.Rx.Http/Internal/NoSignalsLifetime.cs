using Microsoft.Extensions.Hosting;

namespace Cluster.Rx.Http.Internal;

/// <summary>
/// A host lifetime that does nothing: it replaces the console lifetime, which would install its own
/// SIGTERM, SIGINT and SIGQUIT handlers, because in a worker the Cluster.Rx runtime owns the signals.
/// </summary>
internal sealed class NoSignalsLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
