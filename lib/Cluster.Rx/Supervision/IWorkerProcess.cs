using Cluster.Rx.Ipc;

namespace Cluster.Rx.Supervision;

/// <summary>A started worker process, seen from the master.</summary>
internal interface IWorkerProcess
{
    int Pid { get; }

    /// <summary>The exit code, once, when the process has exited and been reaped; on any thread.</summary>
    IObservable<int> Exited { get; }

    /// <summary>Sends <paramref name="signal"/>; nothing when the process is gone.</summary>
    void Signal(Signal signal);

    /// <summary>Queues a frame for the worker once it has connected; false before that and once its channel has closed. Thread-safe.</summary>
    bool TrySend(FrameType type, ReadOnlySpan<byte> payload);

    /// <summary>Tells a standby to take worker id <paramref name="id"/> and start accepting (over IPC; it has connected).</summary>
    void Promote(int id);

    /// <summary>Asks the worker to stop gracefully (over IPC, as soon as it is connected).</summary>
    void RequestStop();

    /// <summary>Binds the worker's IPC channel once it has introduced itself; a stop asked for before goes out now.</summary>
    void Attach(IpcConnection channel);

    /// <summary>The channel bound with <see cref="Attach"/> has ended: every report the worker sent has been read.</summary>
    void Detach();
}
