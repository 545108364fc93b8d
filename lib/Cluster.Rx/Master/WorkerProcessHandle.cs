using System.Diagnostics;
using System.Reactive.Subjects;
using Cluster.Rx.Interop;
using Cluster.Rx.Ipc;

namespace Cluster.Rx.Supervision;

/// <summary>A worker process and, once it has connected, its IPC channel.</summary>
internal sealed class WorkerProcessHandle : IWorkerProcess
{
    private readonly Process _process;
    private readonly AsyncSubject<int> _exited = new();
    private readonly Lock _gate = new();
    private IpcConnection? _channel;
    private bool _stopRequested;

    public WorkerProcessHandle(int id, Process process)
    {
        Id = id;
        _process = process;
        Pid = process.Id;
        process.Exited += OnExited;
        if (process.HasExited)
        {
            OnExited(process, EventArgs.Empty);
        }
    }

    public int Id { get; }

    public int Pid { get; }

    public bool HasExited => _exited.IsCompleted;

    public IObservable<int> Exited => _exited;

    public void Signal(Signal signal)
    {
        if (!HasExited)
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

    private void OnExited(object? sender, EventArgs e)
    {
        lock (_gate)
        {
            if (_exited.IsCompleted)
            {
                return;
            }

            _process.WaitForExit();
            _exited.OnNext(_process.ExitCode);
            _exited.OnCompleted();
            _channel?.Close();
            _process.Dispose();
        }
    }
}
