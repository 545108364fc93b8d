using Cluster.Rx.Hosting.Internal;
using Microsoft.Extensions.Hosting;

namespace Cluster.Rx.Hosting;

/// <summary>Runs a Generic Host (a worker service) as a cluster: one master, the host's services in every worker.</summary>
public static class ClusterHostExtensions
{
    /// <summary>
    /// Runs <paramref name="host"/> as a cluster and completes with the process's exit code. In the master (this
    /// program as started), nothing of the host starts: the master starts the workers and keeps their number. In
    /// each worker (the same program started again by the master), the host starts — its hosted services run — and
    /// a graceful stop (SIGQUIT to the master, <see cref="Master.Close"/>, or a roll of the workers) is the host's
    /// normal shutdown, within the cluster's <c>timeout</c> (and the host's own <c>ShutdownTimeout</c>). A host that
    /// stops on its own (its application stopped, a background service failed) ends its worker, which the master replaces.
    /// The host is disposed when the returned task completes, in the master and in workers alike.
    /// </summary>
    /// <param name="host">A built host, not started. For an ASP.NET Core app use <c>Cluster.Rx.Http</c>'s <c>app.RunClusterAsync</c>.</param>
    /// <param name="configure">
    /// Declares the cluster: settings (<see cref="Master.Set"/>), plugins (<see cref="Master.Use"/>), subscriptions to
    /// its events; called in the master and in every worker, after the <c>Cluster</c> configuration section is applied,
    /// so what it sets wins. <see cref="Master.Start"/> is called for you when it does not.
    /// </param>
    /// <returns>
    /// The exit code: in the master, 0 after a shutdown and 1 when it could not start (a value in the <c>Cluster</c>
    /// configuration section that does not fit its setting is written to stderr as <c>cluster: error: …</c>, naming the
    /// key); in a worker, 0 after a graceful stop.
    /// </returns>
    /// <exception cref="InvalidOperationException">The host runs an ASP.NET Core server (use <c>Cluster.Rx.Http</c>), or <paramref name="configure"/> declared an address.</exception>
    public static Task<int> RunClusterAsync(this IHost host, Action<Master>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        HostedCluster.RefuseWebHost(host);
        Master master;
        try
        {
            master = HostedCluster.Create(host, () => new HostService(host), listens: false);
        }
        catch (ArgumentException e)
        {
            return HostedCluster.Fail(e.Message);
        }

        configure?.Invoke(master);
        if (!master.IsDeclared)
        {
            master.Start();
        }

        return HostedCluster.RunAsync(master, host);
    }
}
