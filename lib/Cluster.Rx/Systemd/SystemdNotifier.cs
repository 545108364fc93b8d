using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using Cluster.Rx.Internal;
using Cluster.Rx.Interop;

namespace Cluster.Rx.Systemd;

/// <summary>
/// The master's side of <c>Type=notify</c>: <see cref="SystemdNotices"/> and, when systemd watches this process,
/// <see cref="Watchdog"/> pings, sent to <c>NOTIFY_SOCKET</c> (<see cref="NotifySocket"/>). Without
/// <c>NOTIFY_SOCKET</c> it does nothing at all.
/// </summary>
internal sealed class SystemdNotifier : IDisposable
{
    private readonly SystemdEnvironment _environment;
    private readonly IScheduler _scheduler;
    private readonly ClusterLog _log;
    private readonly NotifySocket? _socket;
    private readonly Subject<Unit> _tookOver = new();

    /// <exception cref="ClusterException"><c>NOTIFY_SOCKET</c> names no Unix socket.</exception>
    public SystemdNotifier(SystemdEnvironment environment, IScheduler scheduler, ClusterLog log)
    {
        _environment = environment;
        _scheduler = scheduler;
        _log = log;
        _socket = environment.NotifySocket is { } address ? new NotifySocket(address, log) : null;
    }

    /// <summary>
    /// In a replacement master, called when its workers all serve and before it signals the old master to leave:
    /// sends <c>MAINPID=</c> and <c>READY=1</c> (synchronously, so they reach systemd before the old master exits).
    /// </summary>
    public void TookOver() => _tookOver.OnNext(Unit.Default);

    /// <summary>Starts notifying systemd about <paramref name="events"/> (the master's own); the pings run on the master's scheduler.</summary>
    public IDisposable Watch(IObservable<ClusterEvent> events, int workers, Func<bool> hasSuccessor)
    {
        if (_socket is not { } socket)
        {
            return Disposable.Empty;
        }

        var notices = SystemdNotices.Of(events, _tookOver, workers, Environment.ProcessId, hasSuccessor, Libc.MonotonicMicroseconds);
        var pings = _environment.Watchdog is { } timeout ? Watchdog.Pings(timeout, _scheduler) : Observable.Never<string>();
        _log.Write(LogEvents.SystemdNotifying, _environment.NotifySocket ?? string.Empty, _environment.Watchdog is { } watchdog
            ? $"; watchdog: {Watchdog.Ping} every {(watchdog / 2).TotalMilliseconds:0} ms (half of WATCHDOG_USEC)"
            : string.Empty);
        return notices.Merge(pings).Subscribe(message => socket.Send(message));
    }

    public void Dispose()
    {
        _tookOver.Dispose();
        _socket?.Dispose();
    }
}
