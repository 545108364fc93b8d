namespace Cluster.Rx.Ipc;

/// <summary>The one-byte type in every IPC frame header.</summary>
internal enum FrameType : byte
{
    /// <summary>Worker to master, first frame: the worker's id and pid.</summary>
    Hello = 1,

    /// <summary>Master to worker: the settings the worker applies (timeout, title, user, group, working directory).</summary>
    Options = 2,

    /// <summary>Worker to master: the worker serves (its server accepts) or, in an abstract cluster, runs.</summary>
    Connected = 3,

    /// <summary>Worker to master: an unhandled exception (type, message, stack) that is about to end the worker.</summary>
    Exception = 4,

    /// <summary>Worker to master: shutting down gracefully, this many connections still open.</summary>
    Waiting = 5,

    /// <summary>Worker to master: the graceful shutdown ran out of time; the worker exits now.</summary>
    Timeout = 6,

    /// <summary>Master to worker: stop gracefully.</summary>
    Stop = 7,

    /// <summary>Either way: a plugin's own message (plugin name and payload).</summary>
    Plugin = 8,

    /// <summary>Replacement master to the master it replaces, first: I am your replacement (its pid).</summary>
    Replacement = 9,

    /// <summary>Master to its replacement, last: the restart snapshot (a JSON object).</summary>
    Snapshot = 10,

    /// <summary>
    /// Replacement master to the master it replaces: the restart failed (why, and the last exception one of its
    /// workers reported); the replacement exits next and the old master goes on serving.
    /// </summary>
    RestartFailed = 11,

    /// <summary>
    /// Worker to master, empty: the worker's thread pool is alive. Sent from a thread-pool timer every
    /// <see cref="OptionsMessage.HeartbeatMs"/>; a worker that stops sending is killed as hung.
    /// </summary>
    Heartbeat = 12,

    /// <summary>
    /// Worker to master, once: the worker has served its <c>max requests</c> (how many, and its limit) and asks to
    /// be recycled; the master starts its successor when it can.
    /// </summary>
    Recycle = 13,

    /// <summary>
    /// Master to a standby worker: take this worker id and start accepting (a <see cref="PromoteMessage"/>);
    /// the worker answers <see cref="Connected"/> once it accepts under that id.
    /// </summary>
    Promote = 14,
}
