using System.Net.Sockets;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Cluster.Rx.Interop;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cluster.Rx.Http.Internal;

/// <summary>
/// An ASP.NET Core app on Kestrel, serving from a duplicate of the worker's listening socket: Kestrel's socket
/// transport owns (and closes when it stops) the duplicate, this class disposes the original once the duplicate
/// exists, so each side closes only its own descriptor and the other workers' copies stay open.
/// </summary>
/// <remarks>
/// A graceful stop first stops accepting (this worker's copy of the socket is closed; connections still queued on
/// the shared socket go to the other workers), then drains: for up to <see cref="DrainPeriod"/>, or until no
/// connection it accepted is open, every response says <c>Connection: close</c>, so keep-alive clients close their
/// connections themselves after a whole response. Only then does Kestrel stop, finishing what is in flight.
/// Kestrel's own stop closes every connection whose next (or first) request it has not read yet, so without the
/// drain a keep-alive client that has just sent its next request sees the connection end without an answer, and
/// without stopping accepting first a client whose connection Kestrel accepted just before it stopped loses its
/// first request the same way — a failed request in the middle of a restart.
/// </remarks>
internal sealed class KestrelServer : IServer
{
    /// <summary>How long a graceful stop lets keep-alive clients close their connections before Kestrel stops.</summary>
    public static readonly TimeSpan DrainPeriod = TimeSpan.FromSeconds(1);

    /// <summary>The category of the server's own log lines.</summary>
    private const string LogCategory = "Cluster.Rx.Http";

    private static readonly Action<ILogger, int, Exception?> LogStoppedAccepting = LoggerMessage.Define<int>(
        LogLevel.Debug,
        new EventId(1, "StoppedAccepting"),
        "Stopped accepting on the shared socket; draining {Open} open connections");

    private const int New = 0;
    private const int Started = 1;

    private readonly Action<WebApplication> _configure;
    private readonly Action<WebApplicationBuilder>? _build;
    private readonly IScheduler _scheduler;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state = New;
    private int _connections;
    private ServerActivity _activity = new();
    private volatile bool _draining;
    private WebApplication? _app;
    private DrainingListener? _listener;
    private ILogger _log = NullLogger.Instance;

    public KestrelServer(Action<WebApplication> configure, Action<WebApplicationBuilder>? build, IScheduler? scheduler = null)
    {
        _configure = configure ?? throw new ArgumentNullException(nameof(configure));
        _build = build;
        _scheduler = scheduler ?? DefaultScheduler.Instance;
    }

    public int Connections => Volatile.Read(ref _connections);

    public async Task StartAsync(ListenContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var listener = context.Listener;
        if (Interlocked.Exchange(ref _state, Started) != New)
        {
            throw new InvalidOperationException("This HTTP server was started already; create one server per worker (Master.Create(() => HttpServer.Create(...))).");
        }

        var handover = new Handover();
        WebApplication? app = null;
        try
        {
            var builder = WebApplication.CreateSlimBuilder();
            ApplyDefaults(builder);
            _build?.Invoke(builder);
            handover.Backlog = context.Backlog;
            handover.Fd = Posix.Dup(checked((int)listener.Handle));
            _activity = context.Activity;
            ServeOnlyFrom(builder, handover);
            app = builder.Build();
            _log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
            var activity = context.Activity;
            app.Use(next => context =>
            {
                if (_draining)
                {
                    context.Response.Headers.Connection = "close";
                }

                var request = next(context);
                if (!request.IsCompletedSuccessfully)
                {
                    return CountWhenDoneAsync(request, activity);
                }

                activity.RequestDone();
                return request;
            });
            _configure(app);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _app, app);
        }
        catch
        {
            if (handover.Fd >= 0 && !handover.Taken)
            {
                Posix.Close(handover.Fd);
            }

            if (app is not null)
            {
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
            _draining = true;
            if (Volatile.Read(ref _listener) is { } listener)
            {
                await listener.StopAcceptingAsync().ConfigureAwait(false);
                LogStoppedAccepting(_log, listener.Unstarted + Connections, null);
            }

            await DrainAsync(cancellationToken).ConfigureAwait(false);
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        CheckDrained();
        if (_drained.Task.IsCompleted)
        {
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var period = Observable.Timer(DrainPeriod, _scheduler).ToTask(stop.Token);
        await Task.WhenAny(_drained.Task, period).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Ends the drain once accepting has stopped and no connection accepted is open: neither one the middleware counts
    /// nor one accepted that it has not started yet.
    /// </summary>
    /// <remarks>
    /// Read in this order: once accepting has stopped nothing becomes unstarted, and a connection is counted by the
    /// middleware before it stops being unstarted, so a connection on its way from one to the other is always seen.
    /// </remarks>
    private void CheckDrained()
    {
        if (!_draining)
        {
            return;
        }

        var listener = Volatile.Read(ref _listener);
        var acceptedAll = listener is null || (listener.Stopped && listener.Unstarted == 0);
        if (acceptedAll && Connections == 0)
        {
            _drained.TrySetResult();
        }
    }

    /// <summary>Defaults the <c>build</c> callback may change: quiet logging, no signal handlers, no host deadline.</summary>
    private static void ApplyDefaults(WebApplicationBuilder builder)
    {
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IHostLifetime, NoSignalsLifetime>();

        // The caller's token decides when graceful shutdown ends (the cluster's "timeout"), not the host's 30 s.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// What the <c>build</c> callback may not change: the only endpoint is the shared socket (no URLs, ports or
    /// <c>Kestrel:Endpoints</c> from configuration, so a worker never binds), and open connections are counted.
    /// </summary>
    private void ServeOnlyFrom(WebApplicationBuilder builder, Handover handover)
    {
        // An empty "urls" falls back to the host's own copy (ASPNETCORE_URLS read when the builder was made); ";" is
        // a list of no addresses, which the host takes as it is, so Kestrel has only the handle endpoint below.
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, ";");
        builder.WebHost.UseSetting(WebHostDefaults.HttpPortsKey, string.Empty);
        builder.WebHost.UseSetting(WebHostDefaults.HttpsPortsKey, string.Empty);
        builder.WebHost.UseSetting(WebHostDefaults.PreferHostingUrlsKey, "false");

        // Kestrel wraps a ListenHandle descriptor without owning it (it would never be closed), so this factory
        // hands Kestrel a socket that owns the duplicate: Kestrel's unbind closes it, and before that StartAsync does.
        // The duplicate has no FD_CLOEXEC flag, which is what keeps .NET from ever disconnecting (and so un-listening
        // for every worker) a shared socket it closes while an accept is running. Kestrel also calls listen() again:
        // with the backlog the master chose, that changes nothing.
        builder.Services.Configure<SocketTransportOptions>(options =>
        {
            options.Backlog = handover.Backlog;
            var create = options.CreateBoundListenSocket;
            options.CreateBoundListenSocket = endPoint =>
            {
                if (endPoint is not FileHandleEndPoint fileHandle || fileHandle.FileHandle != (ulong)handover.Fd)
                {
                    return create(endPoint);
                }

                var handle = new SafeSocketHandle(handover.Fd, ownsHandle: true);
                handover.Taken = true;
                try
                {
                    return new Socket(handle);
                }
                catch
                {
                    handle.Dispose();
                    throw;
                }
            };
        });

        // Kestrel binds through the socket transport, wrapped so that a graceful stop can stop accepting first.
        builder.Services.RemoveAll<IConnectionListenerFactory>();
        builder.Services.AddSingleton<IConnectionListenerFactory>(services => new DrainingTransportFactory(
            new SocketTransportFactory(services.GetRequiredService<IOptions<SocketTransportOptions>>(), services.GetRequiredService<ILoggerFactory>()),
            CheckDrained,
            listener => Volatile.Write(ref _listener, listener)));

        builder.WebHost.ConfigureKestrel(options =>
        {
            options.Configure(new ConfigurationBuilder().Build(), reloadOnChange: false);
            options.ListenHandle((ulong)handover.Fd, listen => listen.Use(next => async connection =>
            {
                // Counted here before the listener stops counting it as unstarted, so the drain never sees it in neither.
                Interlocked.Increment(ref _connections);
                _activity.ConnectionOpened();
                Volatile.Read(ref _listener)?.Started(connection);
                try
                {
                    await next(connection).ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Decrement(ref _connections);
                    _activity.ConnectionClosed();
                    CheckDrained();
                }
            }));
        });
    }

    private static async Task CountWhenDoneAsync(Task request, ServerActivity activity)
    {
        try
        {
            await request.ConfigureAwait(false);
        }
        finally
        {
            activity.RequestDone();
        }
    }

    /// <summary>The duplicated descriptor, its backlog, and whether Kestrel's transport owns it yet.</summary>
    private sealed class Handover
    {
        public int Backlog { get; set; }

        public int Fd { get; set; } = -1;

        public bool Taken { get; set; }
    }
}
