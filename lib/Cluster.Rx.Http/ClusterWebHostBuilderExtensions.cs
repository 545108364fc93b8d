using Cluster.Rx.Http.Internal;
using Microsoft.AspNetCore.Hosting;

namespace Cluster.Rx.Http;

/// <summary>For an app whose builder skips hosting startups.</summary>
public static class ClusterWebHostBuilderExtensions
{
    /// <summary>
    /// Prepares the app for <see cref="ClusterWebApplicationExtensions.RunClusterAsync"/> when its builder does not run
    /// hosting startups (<c>WebApplication.CreateSlimBuilder</c>, <c>CreateEmptyBuilder</c>): in a worker, Kestrel then
    /// serves the socket the master shares. <c>WebApplication.CreateBuilder</c> needs no call. Does nothing outside a
    /// worker, and nothing a second time.
    /// </summary>
    /// <param name="builder">The app's web host builder (<c>builder.WebHost</c>), before the app is built.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static IWebHostBuilder UseCluster(this IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        new WorkerHostingStartup().Configure(builder);
        return builder;
    }
}
