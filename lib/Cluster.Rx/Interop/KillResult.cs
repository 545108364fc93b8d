namespace Cluster.Rx.Interop;

/// <summary>What <see cref="Libc.Kill"/> found.</summary>
internal enum KillResult
{
    /// <summary>The signal was sent (signal 0: the process exists and may be signalled).</summary>
    Sent,

    /// <summary>No such process (ESRCH): it has exited and been reaped.</summary>
    NoSuchProcess,

    /// <summary>The process exists but belongs to another user (EPERM).</summary>
    NotPermitted,
}
