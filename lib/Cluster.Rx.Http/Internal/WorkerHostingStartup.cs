using Cluster.Rx.Http.Internal;
using Cluster.Rx.Serving;
using Cluster.Rx.Settings;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

[assembly: HostingStartup(typeof(WorkerHostingStartup))]

namespace Cluster.Rx.Http.Internal;

/// <summary>
/// In a worker of <see cref="ClusterWebApplicationExtensions.RunClusterAsync"/>, prepares the app while its builder is
/// made (before the app's own code can build it): Kestrel serves the shared socket only, and stops without a failed
/// request (<see cref="SharedSocketBinding"/>). The master names this assembly in <c>ASPNETCORE_HOSTINGSTARTUPASSEMBLIES</c>
/// for its workers, as <c>dotnet watch</c> does for its own; elsewhere (the master, a program without a cluster) it does nothing.
/// </summary>
internal sealed class WorkerHostingStartup : IHostingStartup
{
    /// <summary>The variable ASP.NET Core reads the hosting startup assemblies from.</summary>
    public const string Variable = "ASPNETCORE_HOSTINGSTARTUPASSEMBLIES";

    /// <summary>This assembly's name, as the variable lists it.</summary>
    public static readonly string AssemblyName = typeof(WorkerHostingStartup).Assembly.GetName().Name!;

    public void Configure(IWebHostBuilder builder)
    {
        if (WorkerEnvironment.Read(Environment.GetEnvironmentVariable) is not { ListenFd: int fd } worker)
        {
            return;
        }

        var binding = new SharedSocketBinding(() => fd, worker.Backlog ?? ClusterDefaults.Backlog);
        builder.ConfigureServices(services =>
        {
            if (services.Any(s => s.ServiceType == typeof(SharedSocketBinding)))
            {
                return;
            }

            services.AddSingleton(binding);
            binding.AddTo(services);
        });
    }

    /// <summary>Names this assembly in the variable, for the workers this process starts.</summary>
    public static void IncludeInChildren()
    {
        var listed = Environment.GetEnvironmentVariable(Variable) ?? string.Empty;
        var names = listed.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!names.Contains(AssemblyName, StringComparer.OrdinalIgnoreCase))
        {
            Environment.SetEnvironmentVariable(Variable, string.Join(';', names.Append(AssemblyName)));
        }
    }
}
