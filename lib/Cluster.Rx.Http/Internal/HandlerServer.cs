using System.Reactive.Concurrency;
using Cluster.Rx.Serving;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Kestrel = Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServer;

namespace Cluster.Rx.Http.Internal;

/// <summary>
/// <see cref="HttpServer.Create(RequestDelegate)"/>: Kestrel serving one request delegate, with no host around it —
/// no services, configuration or hosting to build, which is most of what an ASP.NET Core app does before it serves.
/// Everything else is as <see cref="KestrelServer"/>: the shared socket, counting, a standby's warm-up, the drain.
/// </summary>
internal sealed class HandlerServer : IServer, IAwaitsAdmission
{
    private readonly RequestDelegate _handler;
    private readonly Func<ILoggerFactory> _loggerFactory;
    private readonly IScheduler? _scheduler;
    private int _started;
    private SharedSocketBinding? _binding;
    private Kestrel? _server;
    private ILoggerFactory? _loggers;

    /// <param name="handler">Answers every request.</param>
    /// <param name="loggerFactory">Where Kestrel and the server log; by default the console, at Warning and above.</param>
    /// <param name="scheduler">Where the drain period is timed; null for <see cref="DefaultScheduler"/>, taken only when a drain starts.</param>
    public HandlerServer(RequestDelegate handler, Func<ILoggerFactory>? loggerFactory = null, IScheduler? scheduler = null)
    {
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
        _loggerFactory = loggerFactory ?? (() => new ConsoleOnFirstUse());
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
        var loggers = _loggerFactory();
        Kestrel? server = null;
        try
        {
            var transport = new SocketTransportOptions();
            binding.Configure(transport);
            var options = new KestrelServerOptions();
            binding.Configure(options);
            server = new Kestrel(Options.Create(options), binding.Transport(Options.Create(transport), loggers), loggers);
            await server.StartAsync(new HandlerApplication(binding.Count(_handler)), cancellationToken).ConfigureAwait(false);
            _loggers = loggers;
            Volatile.Write(ref _server, server);
            await binding.WarmUpAsync(SharedSocketBinding.LoggerOf(loggers), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            binding.CloseUnusedHandover();
            if (server is not null)
            {
                Interlocked.CompareExchange(ref _server, null, server);
                server.Dispose();
            }

            loggers.Dispose();
            throw;
        }
        finally
        {
            listener.Dispose();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _server, null) is not { } server)
        {
            return;
        }

        try
        {
            await _binding!.StopAsync(server.StopAsync, SharedSocketBinding.LoggerOf(_loggers), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            server.Dispose();
            _loggers?.Dispose();
        }
    }
}
