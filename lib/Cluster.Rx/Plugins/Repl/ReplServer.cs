using System.Net;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;

namespace Cluster.Rx;

/// <summary>
/// The sink of <see cref="Plugins.Repl(string)"/>: listens at the console's address, admits clients (on a Unix
/// socket, only the master's user and root) and runs a <see cref="ReplSession"/> for each, tells them the notices
/// (<see cref="ReplNotices"/>), and lets the address go when the master begins shutting down (<see cref="Closing"/>),
/// so that a replacement master takes it over. Disposing it closes every session.
/// </summary>
internal sealed partial class ReplServer : IDisposable
{
    private readonly IPluginContext _context;
    private readonly ReplEndPoint _endPoint;
    private readonly ReplConsole _console;
    private readonly SerialDisposable _retry = new();
    private readonly CompositeDisposable _subscriptions = [];
    private readonly Lock _gate = new();
    private readonly HashSet<ReplSession> _sessions = [];
    private ReplListener? _listener;
    private bool _stopped;
    private bool _disposed;

    private ReplServer(IPluginContext context, ReplEndPoint endPoint, ReplConsole console)
    {
        _context = context;
        _endPoint = endPoint;
        _console = console;
    }

    /// <summary>Where it listens, once it does (for specs: the port of a TCP console on port 0).</summary>
    internal EndPoint? LocalEndPoint
    {
        get
        {
            lock (_gate)
            {
                return _listener?.Socket.LocalEndPoint;
            }
        }
    }

    /// <summary>
    /// Starts the console: listens at once; when another listener holds the address, fails — unless this master is a
    /// replacement, whose predecessor lets the address go when it begins shutting down: then it tries again every
    /// <see cref="ReplDefaults.RetryInterval"/> on the context's scheduler until it has it, or this master closes.
    /// </summary>
    /// <exception cref="ClusterException">The address cannot be used, or is held and this master is no replacement.</exception>
    public static ReplServer Start(IPluginContext context, ReplEndPoint endPoint, bool replacement, ReplConsole? console = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(endPoint);
        var resolved = endPoint.Resolve();
        var server = new ReplServer(context, resolved, console ?? new ReplConsole(context));
        if (!server.TryListen(out var inUse))
        {
            if (!replacement)
            {
                throw new ClusterException($"cannot serve the console at {resolved}: {inUse}");
            }

            server.RetryListening();
        }

        if (resolved.Warning is { } warning)
        {
            context.Warn(warning);
        }

        server._subscriptions.Add(context.Events.OfType<Closing>().Take(1).Subscribe(_ => server.StopListening()));
        server._subscriptions.Add(context.Events.ToReplNotices().Subscribe(server.NotifyAll));
        return server;
    }

    public void Dispose()
    {
        StopListening();
        _subscriptions.Dispose();
        ReplSession[] sessions;
        lock (_gate)
        {
            _disposed = true;
            sessions = [.. _sessions];
        }

        foreach (var session in sessions)
        {
            session.Close();
        }
    }

    private bool TryListen(out string inUse)
    {
        if (_endPoint.TryListen(out inUse) is not { } listener)
        {
            return false;
        }

        lock (_gate)
        {
            if (_stopped)
            {
                listener.Dispose();
                return true;
            }

            _listener = listener;
        }

        _ = AcceptAsync(listener.Socket);
        return true;
    }

    private void RetryListening() =>
        _retry.Disposable = _context.Scheduler.Schedule(ReplDefaults.RetryInterval, again =>
        {
            try
            {
                if (!TryListen(out _))
                {
                    again(ReplDefaults.RetryInterval);
                }
            }
            catch (ClusterException e)
            {
                _context.Warn($"{e.Message}; this master serves no console");
            }
        });

    /// <summary>Lets the address go: no more clients; those connected stay until the master has closed.</summary>
    private void StopListening()
    {
        ReplListener? listener;
        lock (_gate)
        {
            _stopped = true;
            (listener, _listener) = (_listener, null);
        }

        _retry.Dispose();
        listener?.Dispose();
    }

    private void NotifyAll(string notice)
    {
        ReplSession[] sessions;
        lock (_gate)
        {
            sessions = [.. _sessions];
        }

        foreach (var session in sessions)
        {
            session.Notify(notice);
        }
    }
}
