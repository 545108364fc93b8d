using System.Reactive.Concurrency;
using Cluster.Rx.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Cluster.Rx.Http.Internal;

/// <summary>
/// An ASP.NET Core app built in the worker (<see cref="HttpServer.Create(Action{WebApplication}, Action{WebApplicationBuilder}?)"/>)
/// on Kestrel, serving from the shared socket and stopping without a failed request (see <see cref="SharedSocketBinding"/>).
/// </summary>
internal sealed class KestrelServer : IServer, IAwaitsAdmission
{
    private readonly Action<WebApplication> _configure;
    private readonly Action<WebApplicationBuilder>? _build;
    private readonly IScheduler? _scheduler;
    private int _started;
    private SharedSocketBinding? _binding;
    private WebApplication? _app;

    public KestrelServer(Action<WebApplication> configure, Action<WebApplicationBuilder>? build, IScheduler? scheduler = null)
    {
        _configure = configure ?? throw new ArgumentNullException(nameof(configure));
        _build = build;
        _scheduler = scheduler;
    }

    public int Connections => Volatile.Read(ref _binding)?.Connections ?? 0;

    public async Task StartAsync(ListenContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var listener = context.Listener;
        StartOnce.Claim(ref _started);
        var binding = SharedSocketBinding.For(context, _scheduler);
        Volatile.Write(ref _binding, binding);
        WebApplication? app = null;
        try
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            _build?.Invoke(builder);
            ServeOnlyFrom(builder, binding);
            app = builder.Build();
            _configure(app);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _app, app);
            await binding.WarmUpAsync(app, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            binding.CloseUnusedHandover();
            if (app is not null)
            {
                Interlocked.CompareExchange(ref _app, null, app);
                await app.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
        finally
        {
            listener.Dispose();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _app, null) is not { } app)
        {
            return;
        }

        try
        {
            await _binding!.StopAsync(app, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>What the <c>build</c> callback may not change: the only endpoint is the shared socket.</summary>
    private static void ServeOnlyFrom(WebApplicationBuilder builder, SharedSocketBinding binding)
    {
        // An empty "urls" falls back to the host's own copy (ASPNETCORE_URLS read when the builder was made); ";" is
        // a list of no addresses, which the host takes as it is, so Kestrel has only the shared socket's endpoint.
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, ";");
        builder.WebHost.UseSetting(WebHostDefaults.HttpPortsKey, string.Empty);
        builder.WebHost.UseSetting(WebHostDefaults.HttpsPortsKey, string.Empty);
        builder.WebHost.UseSetting(WebHostDefaults.PreferHostingUrlsKey, "false");
        binding.AddTo(builder.Services);
    }
}
