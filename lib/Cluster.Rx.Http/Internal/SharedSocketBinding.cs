using System.Net.Sockets;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Cluster.Rx.Interop;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
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
/// Kestrel serving from a duplicate of the worker's copy of the shared socket, and stopping without a failed request.
/// <see cref="AddTo"/> registers it with an app's services before the app is built (a server without a host uses the
/// two <c>Configure</c> methods and <see cref="Transport"/> itself); <c>StopAsync</c> stops the server.
/// </summary>
/// <remarks>
/// Kestrel's socket transport owns (and closes when it stops) the duplicate, so each side closes only its own
/// descriptor and the other workers' copies stay open.
/// A graceful stop first stops accepting (this worker's copy of the socket is closed; connections still queued on
/// the shared socket go to the other workers), then drains: for up to <see cref="DrainPeriod"/>, or until no
/// connection it accepted is open, every response says <c>Connection: close</c>, so keep-alive clients close their
/// connections themselves after a whole response. Only then does Kestrel stop, finishing what is in flight.
/// Kestrel's own stop closes every connection whose next (or first) request it has not read yet, so without the
/// drain a keep-alive client that has just sent its next request sees the connection end without an answer, and
/// without stopping accepting first a client whose connection Kestrel accepted just before it stopped loses its
/// first request the same way — a failed request in the middle of a restart.
/// </remarks>
internal sealed class SharedSocketBinding
{
    /// <summary>How long a graceful stop lets keep-alive clients close their connections before Kestrel stops.</summary>
    public static readonly TimeSpan DrainPeriod = TimeSpan.FromSeconds(1);

    /// <summary>The category of the server's own log lines.</summary>
    private const string LogCategory = "Cluster.Rx.Http";

    private static readonly Action<ILogger, int, Exception?> LogStoppedAccepting = LoggerMessage.Define<int>(
        LogLevel.Debug,
        new EventId(1, "StoppedAccepting"),
        "Stopped accepting on the shared socket; draining {Open} open connections");

    private readonly Func<int> _listenFd;
    private readonly IScheduler? _scheduler;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly StandbyWarmUp _warmUp = new();
    private int _fd = -1;
    private bool _taken;
    private int _connections;
    private volatile bool _draining;
    private DrainingListener? _listener;

    /// <summary>The binding for a server started on <paramref name="context"/>: its socket, backlog, activity and admission.</summary>
    public static SharedSocketBinding For(ListenContext context, IScheduler? scheduler) =>
        new(() => checked((int)context.Listener.Handle), context.Backlog, scheduler) { Activity = context.Activity, Admitted = context.Admitted };

    /// <param name="listenFd">The descriptor of this worker's copy of the shared socket; read once, when Kestrel is configured.</param>
    /// <param name="backlog">The backlog the master listens with (Kestrel calls listen() again).</param>
    /// <param name="scheduler">Where the drain period is timed; null for <see cref="DefaultScheduler"/>, taken only when a drain starts.</param>
    public SharedSocketBinding(Func<int> listenFd, int backlog, IScheduler? scheduler = null)
    {
        _listenFd = listenFd;
        Backlog = backlog;
        _scheduler = scheduler;
    }

    public int Backlog { get; }

    /// <summary>Where connections and requests are counted: the worker's, once it starts the app.</summary>
    public ServerActivity Activity { get; set; } = new();

    /// <summary>When the listener may accept (true) or never will (false): a standby's completes when it is promoted.</summary>
    public Task<bool> Admitted { get; set; } = Task.FromResult(true);

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>
    /// Registers the shared socket as Kestrel's only endpoint (no URLs, ports or <c>Kestrel:Endpoints</c> from
    /// configuration, so a worker never binds), the draining transport, the counting middleware (first in the
    /// pipeline), no signal handlers (the worker runtime owns signals) and no host deadline on shutdown (the
    /// cluster's <c>timeout</c> decides).
    /// </summary>
    public void AddTo(IServiceCollection services)
    {
        services.RemoveAll<IHostLifetime>();
        services.AddSingleton<IHostLifetime, NoSignalsLifetime>();
        services.PostConfigure<HostOptions>(options => options.ShutdownTimeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<IStartupFilter>(new CountingStartupFilter(this));
        services.PostConfigure<SocketTransportOptions>(Configure);
        services.RemoveAll<IConnectionListenerFactory>();
        services.AddSingleton(provider => Transport(
            provider.GetRequiredService<IOptions<SocketTransportOptions>>(),
            provider.GetRequiredService<ILoggerFactory>()));
        services.PostConfigure<KestrelServerOptions>(options =>
        {
            options.Configure(new ConfigurationBuilder().Build(), reloadOnChange: false);
            Configure(options);
        });
    }

    /// <summary>
    /// Makes the socket transport listen on this worker's duplicate of the shared socket, with the master's backlog.
    /// </summary>
    /// <remarks>
    /// Kestrel wraps a ListenHandle descriptor without owning it (it would never be closed), so this hands Kestrel a
    /// socket that owns the duplicate: Kestrel's unbind closes it. The duplicate has no FD_CLOEXEC flag, which is
    /// what keeps .NET from ever disconnecting (and so un-listening for every worker) a shared socket it closes
    /// while an accept is running. Kestrel also calls listen() again: with the master's backlog, that changes nothing.
    /// </remarks>
    public void Configure(SocketTransportOptions options)
    {
        options.Backlog = Backlog;
        var create = options.CreateBoundListenSocket;
        options.CreateBoundListenSocket = endPoint =>
            endPoint is FileHandleEndPoint handle && TakeHandover(handle) is { } socket ? socket : create(endPoint);
    }

    /// <summary>Kestrel's transport: the socket transport, wrapped so that a graceful stop can stop accepting first.</summary>
    public IConnectionListenerFactory Transport(IOptions<SocketTransportOptions> options, ILoggerFactory loggerFactory) =>
        new DrainingTransportFactory(
            new SocketTransportFactory(options, loggerFactory),
            CheckDrained,
            () => Admitted,
            listener => Volatile.Write(ref _listener, listener));

    /// <summary>Gives Kestrel the shared socket as its only endpoint, with connections counted (a warm-up's are not).</summary>
    public void Configure(KestrelServerOptions options) =>
        options.ListenHandle((ulong)Handover(), listen => listen.Use(next => async connection =>
        {
            if (_warmUp.IsWarmUp(connection))
            {
                await next(connection).ConfigureAwait(false);
                return;
            }

            // Counted here before the listener stops counting it as unstarted, so the drain never sees it in neither.
            Interlocked.Increment(ref _connections);
            Activity.ConnectionOpened();
            Volatile.Read(ref _listener)?.Started(connection);
            try
            {
                await next(connection).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _connections);
                Activity.ConnectionClosed();
                CheckDrained();
            }
        }));

    /// <summary>
    /// A standby's warm-up (see <see cref="StandbyWarmUp"/>), once <paramref name="app"/> has started: done before the
    /// standby says it is ready. A worker that is admitted already has nothing to warm up.
    /// </summary>
    public Task WarmUpAsync(IHost app, CancellationToken cancellationToken) => WarmUpAsync(LoggerOf(app.Services), cancellationToken);

    /// <inheritdoc cref="WarmUpAsync(IHost, CancellationToken)"/>
    public Task WarmUpAsync(ILogger logger, CancellationToken cancellationToken) =>
        !Admitted.IsCompleted && Volatile.Read(ref _listener) is { } listener
            ? _warmUp.RunAsync(listener, logger, cancellationToken)
            : Task.CompletedTask;

    /// <summary>Stops <paramref name="app"/>: stop accepting, drain, then the host's normal stop.</summary>
    public Task StopAsync(IHost app, CancellationToken cancellationToken) =>
        StopAsync(app.StopAsync, LoggerOf(app.Services), cancellationToken);

    /// <summary>Stops the server: stop accepting, drain, then <paramref name="stop"/> (Kestrel's own stop).</summary>
    public async Task StopAsync(Func<CancellationToken, Task> stop, ILogger logger, CancellationToken cancellationToken)
    {
        _draining = true;
        if (Volatile.Read(ref _listener) is { } listener)
        {
            await listener.StopAcceptingAsync().ConfigureAwait(false);
            LogStoppedAccepting(logger, listener.Unstarted + Connections, null);
        }

        await DrainAsync(cancellationToken).ConfigureAwait(false);
        await stop(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the duplicate if Kestrel never took it (the app failed to start).</summary>
    public void CloseUnusedHandover()
    {
        lock (_gate)
        {
            if (_fd >= 0 && !_taken)
            {
                Libc.Close(_fd);
                _taken = true;
            }
        }
    }

    /// <summary>Answers <c>Connection: close</c> while draining, counts every request the app finishes, and answers a standby's warm-up itself.</summary>
    internal RequestDelegate Count(RequestDelegate next) => context =>
    {
        if (_warmUp.IsWarmUp(context))
        {
            return StandbyWarmUp.AnswerAsync(context);
        }

        if (_draining)
        {
            context.Response.Headers.Connection = "close";
        }

        var request = next(context);
        if (!request.IsCompletedSuccessfully)
        {
            return CountWhenDoneAsync(request, Activity);
        }

        Activity.RequestDone();
        return request;
    };

    /// <summary>The server's own logger, from <paramref name="services"/>' logger factory.</summary>
    public static ILogger LoggerOf(IServiceProvider services) => LoggerOf(services.GetService<ILoggerFactory>());

    /// <summary>The server's own logger, from <paramref name="loggerFactory"/>.</summary>
    public static ILogger LoggerOf(ILoggerFactory? loggerFactory) => loggerFactory?.CreateLogger(LogCategory) ?? NullLogger.Instance;

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

    /// <summary>The duplicate Kestrel listens on, made the first time Kestrel's options are read.</summary>
    private int Handover()
    {
        lock (_gate)
        {
            if (_fd < 0)
            {
                _fd = Libc.Dup(_listenFd());
            }

            return _fd;
        }
    }

    private Socket? TakeHandover(FileHandleEndPoint endPoint)
    {
        lock (_gate)
        {
            if (_fd < 0 || _taken || endPoint.FileHandle != (ulong)_fd)
            {
                return null;
            }

            var handle = new SafeSocketHandle(_fd, ownsHandle: true);
            _taken = true;
            try
            {
                return new Socket(handle);
            }
            catch
            {
                handle.Dispose();
                throw;
            }
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
        var period = Observable.Timer(DrainPeriod, _scheduler ?? DefaultScheduler.Instance).ToTask(stop.Token);
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
}
