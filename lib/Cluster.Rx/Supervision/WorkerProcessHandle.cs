using System.Diagnostics;
using Cluster.Rx.Interop;
using Cluster.Rx.Ipc;

namespace Cluster.Rx.Supervision;

/// <summary>A worker process and, once it has connected, its IPC channel.</summary>
internal sealed class WorkerProcessHandle : IWorkerProcess
{
    private readonly Lock _gate = new();
    private IpcConnection? _channel;
    private bool _stopRequested;
    private volatile bool _hasExited;

    public WorkerProcessHandle(int id, Process process)
    {
        Id = id;
        Pid = process.Id;
        Exited = ProcessExit.Of(process);
        Exited.Subscribe(_ =>
        {
            _hasExited = true;
            lock (_gate)
            {
                _channel?.Close();
            }
        });
    }

    public int Id { get; }

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
}
