using System.Diagnostics;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Cluster.Rx.Interop;
using Cluster.Rx.Ipc;
using Cluster.Rx.Settings;

namespace Cluster.Rx.Supervision;

/// <summary>
/// A worker process and, once it has connected, its IPC channel. Its exit is reported only once the channel and
/// its output (when the master reads it) have ended too (or a second later at most), so every report and line the
/// worker wrote before it died — its exception above all — reaches the master before its death does.
/// </summary>
internal sealed class WorkerProcessHandle : IWorkerProcess
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _detached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _output;
    private IpcConnection? _channel;
    private bool _stopRequested;
    private volatile bool _hasExited;

    /// <param name="process">The started worker.</param>
    /// <param name="output">Completes when the master has read all of the worker's output (at once when it does not read it).</param>
    public WorkerProcessHandle(Process process, Task output)
    {
        Pid = process.Id;
        _output = output;
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
            Libc.Send(Pid, signal);
        }
    }

    public bool TrySend(FrameType type, ReadOnlySpan<byte> payload)
    {
        IpcConnection? channel;
        lock (_gate)
        {
            channel = _channel;
        }

        return channel is not null && channel.TrySend(type, payload);
    }

    public void Promote(int id) =>
        TrySend(FrameType.Promote, IpcMessages.Encode(new PromoteMessage(id)));

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

    /// <summary>After the process has exited: waits (a second at most) for its channel and output to deliver what is left, then closes the channel.</summary>
    private async Task DrainAsync()
    {
        _hasExited = true;
        IpcConnection? channel;
        lock (_gate)
        {
            channel = _channel;
        }

        var delivered = channel is null ? _output : Task.WhenAll(_detached.Task, _output);
        await Task.WhenAny(delivered, Observable.Timer(ClusterDefaults.FinalFlushTimeout).ToTask()).ConfigureAwait(false);
        channel?.Close();
    }
}
