using System.Diagnostics.Metrics;
using Cluster.Rx.Serving;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cluster.Rx.Hosting.Internal;

/// <summary>A cluster made from a built host: its environment, its <c>Cluster</c> configuration section, its logging and metrics.</summary>
internal static class HostedCluster
{
    /// <summary>ASP.NET Core's server abstraction, named rather than referenced: this assembly does not depend on ASP.NET Core.</summary>
    private const string WebServerType = "Microsoft.AspNetCore.Hosting.Server.IServer, Microsoft.AspNetCore.Hosting.Server.Abstractions";

    /// <summary>
    /// A master for <paramref name="host"/>: its settings read from configuration (code given later overrides them), its
    /// log lines through the host's <see cref="ILoggerFactory"/>, its meter from the host's <see cref="IMeterFactory"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A value in the <c>Cluster</c> section does not fit its setting.</exception>
    public static Master Create(IHost host, Func<IWorkerService> service, bool listens)
    {
        var services = host.Services;
        var master = Master.CreateHosted(service, listens, services.GetRequiredService<IHostEnvironment>().EnvironmentName);
        ClusterConfiguration.Apply(services.GetRequiredService<IConfiguration>(), master.Settings);
        if (services.GetService<ILoggerFactory>() is { } loggerFactory)
        {
            master.UseLoggerFactory(loggerFactory);
        }

        if (services.GetService<IMeterFactory>() is { } meterFactory)
        {
            master.UseMeterFactory(meterFactory);
        }

        return master;
    }

    /// <summary>
    /// Runs <paramref name="master"/>, then disposes <paramref name="host"/> (a worker's host is disposed when it stops):
    /// that flushes the host's loggers, whose console writes from a queue of its own, so the master's last lines — a
    /// start error above all — are written before the process exits.
    /// </summary>
    public static async Task<int> RunAsync(Master master, IHost host)
    {
        try
        {
            return await master.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            if (host is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                host.Dispose();
            }
        }
    }

    /// <summary>Reports a cluster that cannot be made (a bad configuration value, an address it cannot serve) as a start error does.</summary>
    /// <returns>Exit code 1.</returns>
    public static Task<int> Fail(string message)
    {
        Console.Error.WriteLine($"cluster: error: {message}");
        return Task.FromResult(1);
    }

    /// <summary>Refuses a host with an ASP.NET Core server: each worker would bind the app's own address.</summary>
    /// <exception cref="InvalidOperationException">The host has a web server.</exception>
    public static void RefuseWebHost(IHost host)
    {
        if (Type.GetType(WebServerType) is { } server
            && host.Services.GetService<IServiceProviderIsService>()?.IsService(server) == true)
        {
            throw new InvalidOperationException(
                "This host runs an ASP.NET Core server: in every worker it would bind the app's own address. Cluster a WebApplication with Cluster.Rx.Http's app.RunClusterAsync (using Cluster.Rx.Http;), which serves it on the socket the master shares.");
        }
    }
}
