namespace Cluster.Rx.Supervision;

/// <summary>Where one worker process is in its life, as the master sees it.</summary>
internal enum WorkerPhase
{
    /// <summary>Started; it has not connected yet.</summary>
    Spawned,

    /// <summary>Connected over IPC: it serves (or, as a successor, is ready to).</summary>
    Connected,

    /// <summary>Asked to stop (gracefully or by a signal); it has not exited yet.</summary>
    Stopping,
}
