using Cluster.Rx.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Cluster.Rx.Http.Internal;

/// <summary>
/// A <see cref="WebApplication"/> as a worker runs it: the app built by the program, its hosted services and Kestrel
/// on the shared socket (prepared by <see cref="WorkerHostingStartup"/> when the app's builder was made).
/// </summary>
internal sealed class WebAppService(WebApplication app) : IWorkerService
{
    private SharedSocketBinding? _binding;

    public int Connections => Volatile.Read(ref _binding)?.Connections ?? 0;

    public CancellationToken Ended => app.Lifetime.ApplicationStopping;

    /// <remarks>A standby starts the whole app, its hosted services included; only Kestrel's accepting waits for promotion.</remarks>
    public bool StartsBeforeAdmission => true;

    public async Task StartAsync(ListenContext? context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var binding = app.Services.GetService<SharedSocketBinding>() ?? throw new ClusterException(
                $"the app was built without Cluster.Rx.Http's worker setup, so it cannot serve the shared socket: build it with WebApplication.CreateBuilder, "
                + $"or call builder.WebHost.UseCluster() before Build (WebApplication.CreateSlimBuilder and CreateEmptyBuilder skip hosting startups), "
                + $"and do not set {WebHostDefaults.PreventHostingStartupKey}");
            binding.Activity = context.Activity;
            binding.Admitted = context.Admitted;
            Volatile.Write(ref _binding, binding);
            ServeNoUrls();
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                await binding.WarmUpAsync(app, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                binding.CloseUnusedHandover();
                throw;
            }
        }
        finally
        {
            // Kestrel serves from its own duplicate; this copy is done with.
            context.Listener.Dispose();
        }
    }

    /// <remarks>The app is disposed once the cluster's run completes (<c>HostedCluster.RunAsync</c>).</remarks>
    public Task StopAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _binding) is { } binding ? binding.StopAsync(app, cancellationToken) : app.StopAsync(cancellationToken);

    /// <summary>
    /// The addresses the app would bind (<c>urls</c>, <c>http_ports</c>, <c>app.Urls</c>) are the master's to listen on:
    /// here they are emptied, so Kestrel has the shared socket alone and does not warn that it overrides them.
    /// </summary>
    private void ServeNoUrls()
    {
        app.Urls.Clear();
        app.Configuration[WebHostDefaults.ServerUrlsKey] = ";";
        app.Configuration[WebHostDefaults.HttpPortsKey] = string.Empty;
        app.Configuration[WebHostDefaults.HttpsPortsKey] = string.Empty;
    }
}
