namespace Cluster.Rx.Supervision;

/// <summary>What one worker process is for.</summary>
internal enum WorkerRole
{
    /// <summary>It holds its id: the master keeps it running and replaces it when it dies.</summary>
    Serving,

    /// <summary>
    /// Started to take over an id from the worker serving it (a roll); it serves once it has connected, and only
    /// then is its predecessor let go. If it dies first, its predecessor keeps serving.
    /// </summary>
    Successor,

    /// <summary>
    /// Started and connected but not accepting (<c>standby</c>): it holds no worker id until the master promotes it
    /// to take one — a dead worker's, a new one's, or one being rolled or recycled (then as its successor).
    /// </summary>
    Standby,

    /// <summary>Let go on purpose (removed, or replaced by its successor): it is not replaced when it exits.</summary>
    Retiring,
}
