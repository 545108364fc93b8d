using Cluster.Rx.Serving;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cluster.Rx.Hosting.Internal;

/// <summary>A Generic Host as a worker runs it: started once the worker has its options, stopped as the host stops normally.</summary>
internal sealed class HostService(IHost host) : IWorkerService
{
    public int Connections => 0;

    /// <summary>The host's own stop: its application was stopped (a background service failed, the app asked).</summary>
    public CancellationToken Ended => host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

    /// <remarks>Starting the host starts its work: a standby starts it only once it is promoted.</remarks>
    public bool StartsBeforeAdmission => false;

    public Task StartAsync(ListenContext? context, CancellationToken cancellationToken)
    {
        // A host listens on nothing the master shares; a socket passed anyway is not ours to keep.
        context?.Listener.Dispose();
        return host.StartAsync(cancellationToken);
    }

    /// <remarks>The host is disposed once the cluster's run completes (<see cref="HostedCluster.RunAsync"/>).</remarks>
    public Task StopAsync(CancellationToken cancellationToken) => host.StopAsync(cancellationToken);
}
