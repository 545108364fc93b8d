using Cluster.Rx.Hosting.Internal;
using Cluster.Rx.Http.Internal;
using Microsoft.AspNetCore.Builder;

namespace Cluster.Rx.Http;

/// <summary>Runs an ASP.NET Core app as a cluster: one master binds the app's address, every worker serves the app on it.</summary>
public static class ClusterWebApplicationExtensions
{
    /// <summary>
    /// Runs <paramref name="app"/> as a cluster and completes with the process's exit code. The master (this program
    /// as started) binds the address and starts the workers; it never starts the app. Each worker (the same program
    /// started again) serves the whole app — routes, middleware, services, configuration, hosted services — from the
    /// socket the master shares, and stops without a failed request (see the README's "ASP.NET Core").
    /// </summary>
    /// <remarks>
    /// The address is where the app would listen unless <paramref name="configure"/> calls <c>Listen</c>:
    /// <c>Kestrel:Endpoints</c>, <c>app.Urls</c>, <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>), <c>http_ports</c>
    /// (<c>ASPNETCORE_HTTP_PORTS</c>), else Kestrel's default <c>http://localhost:5000</c>; it must be one <c>http://</c>
    /// address (<c>localhost</c> is 127.0.0.1, <c>*</c> every IPv4 address, <c>http://unix:/path</c> a Unix socket).
    /// Settings come from the <c>Cluster</c> configuration section first (<c>Cluster:Workers</c>, <c>Cluster__Workers</c>),
    /// then from <paramref name="configure"/>. The app must be built with <c>WebApplication.CreateBuilder</c> (its
    /// workers are prepared by a hosting startup), or call <see cref="ClusterWebHostBuilderExtensions.UseCluster"/>.
    /// A bad configuration value or address is written to stderr as <c>cluster: error: …</c>, naming the key, and the
    /// result is 1. The app is disposed when the returned task completes, in the master and in workers alike.
    /// </remarks>
    /// <param name="app">The built app, with its routes mapped, not started.</param>
    /// <param name="configure">
    /// Declares the cluster: settings (<see cref="Master.Set"/>), plugins (<see cref="Master.Use"/>), the address
    /// (<c>Listen</c>), subscriptions to its events; called in the master and in every worker.
    /// </param>
    /// <returns>The exit code: in the master 0 after a shutdown, 1 when it could not start; in a worker 0 after a graceful stop.</returns>
    public static Task<int> RunClusterAsync(this WebApplication app, Action<Master>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        Master master;
        try
        {
            master = HostedCluster.Create(app, () => new WebAppService(app), listens: true);
        }
        catch (ArgumentException e)
        {
            return HostedCluster.Fail(e.Message);
        }

        configure?.Invoke(master);
        if (!master.IsDeclared)
        {
            try
            {
                AppAddress.Listen(master, app);
            }
            catch (ClusterException e)
            {
                return HostedCluster.Fail(e.Message);
            }
        }

        if (master.IsMaster)
        {
            WorkerHostingStartup.IncludeInChildren();
        }

        return HostedCluster.RunAsync(master, app);
    }
}
