using System.Diagnostics;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Cluster.Rx.Interop;
using Cluster.Rx.Ipc;
using Cluster.Rx.Settings;

namespace Cluster.Rx.Supervision;

/// <summary>
/// A worker process and, once it has connected, its IPC channel. Its exit is reported only once the channel has
/// ended too (or a second later at most), so every report the worker sent before it died — its exception above all —
/// reaches the master before its death does.
/// </summary>
internal sealed class WorkerProcessHandle : IWorkerProcess
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _detached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IpcConnection? _channel;
    private bool _stopRequested;
    private volatile bool _hasExited;

    public WorkerProcessHandle(Process process)
    {
        Pid = process.Id;
        var exited = ProcessExit.Of(process)
            .SelectMany(async code =>
            {
                await DrainAsync().ConfigureAwait(false);
                return code;
            })
            .Replay(1);
        exited.Connect();
        Exited = exited;
    }

    public int Pid { get; }

    public IObservable<int> Exited { get; }

    public void Signal(Signal signal)
    {
        if (!_hasExited)
        {
            Posix.Kill(Pid, signal);
        }
    }

    public void RequestStop()
    {
        lock (_gate)
        {
            _stopRequested = true;
            _channel?.TrySend(FrameType.Stop, []);
        }
    }

    /// <summary>The worker's IPC channel has ended: every report it sent has been read.</summary>
    public void Detach() => _detached.TrySetResult();

    /// <summary>Binds the worker's IPC channel; a stop asked for before it connected goes out now.</summary>
    public void Attach(IpcConnection channel)
    {
        lock (_gate)
        {
            _channel = channel;
            if (_stopRequested)
            {
                channel.TrySend(FrameType.Stop, []);
            }
        }
    }

    /// <summary>After the process has exited: waits (a second at most) for its channel to deliver what is left, then closes it.</summary>
    private async Task DrainAsync()
    {
        _hasExited = true;
        IpcConnection? channel;
        lock (_gate)
        {
            channel = _channel;
        }

        if (channel is null)
        {
            return;
        }

        await Task.WhenAny(_detached.Task, Observable.Timer(ClusterDefaults.FinalFlushTimeout).ToTask()).ConfigureAwait(false);
        channel.Close();
    }
}
