using Microsoft.Extensions.Logging;

namespace Cluster.Rx.Internal;

/// <summary>
/// Every log line of the master, chosen in one place: its event id (a number that never changes once released, and a
/// name), its level and its message template. Numbers are grouped by area, with room to grow in each:
/// 1–99 lines without an event of their own, 100 starting and running the master, 200 the lifecycle (logged from
/// the events, only to an <see cref="ILogger"/>), 300 workers, 400 restarting (the old master), 500 taking over
/// (the new master), 600 IPC, 700 plugins, 800 a worker about itself, 900 systemd. The README's "Logging and metrics" lists them; a spec checks that
/// numbers are unique and each template parses.
/// </summary>
internal static class LogEvents
{
    // 1–99: lines without an event of their own (code that logs plain text).
    public static readonly LogEvent<string> Info = new(1, "Info", LogLevel.Information, "{Text}");
    public static readonly LogEvent<string> Warning = new(2, "Warning", LogLevel.Warning, "{Text}");
    public static readonly LogEvent<string> Error = new(3, "Error", LogLevel.Error, "{Text}");

    // 100: starting and running the master.
    public static readonly LogEvent<string> StartFailed = new(100, "StartFailed", LogLevel.Error, "{Reason}");
    public static readonly LogEvent<string, string> TitleNotSet = new(101, "TitleNotSet", LogLevel.Warning,
        "cannot set the process title to '{Title}': {Reason}");

    public static readonly LogEvent<Exception> LoopFailedEarly = new(102, "LoopFailedEarly", LogLevel.Error,
        "unexpected error in the master before it started its workers: {Exception}");

    // 200: the lifecycle, from the master's events (LifecycleLog), only when an ILoggerFactory is used.
    public static readonly LogEvent<int, string> MasterStarted = new(200, "MasterStarted", LogLevel.Information,
        "master pid {MasterPid} started (IPC socket {SocketPath})");
    public static readonly LogEvent<System.Net.EndPoint> Listening = new(201, "Listening", LogLevel.Information,
        "listening on {EndPoint}");
    public static readonly LogEvent<int, int> WorkerStarted = new(202, "WorkerStarted", LogLevel.Information,
        "worker {WorkerId} (pid {Pid}) started");
    public static readonly LogEvent<int, int> WorkerServing = new(203, "WorkerServing", LogLevel.Information,
        "worker {WorkerId} (pid {Pid}) serving");
    public static readonly LogEvent<int, int, int> WorkerExited = new(204, "WorkerExited", LogLevel.Information,
        "worker {WorkerId} (pid {Pid}) exited with code {ExitCode}");
    public static readonly LogEvent<int, int, int> WorkerDied = new(205, "WorkerDied", LogLevel.Warning,
        "worker {WorkerId} (pid {Pid}) died with exit code {ExitCode}");
    public static readonly LogEvent<int, int, string, int> WorkerKilledBySignal = new(206, "WorkerKilledBySignal", LogLevel.Warning,
        "worker {WorkerId} (pid {Pid}) was killed by {Signal} (exit code {ExitCode})");
    public static readonly LogEvent<int, int> WorkerRemoved = new(207, "WorkerRemoved", LogLevel.Information,
        "worker {WorkerId} (pid {Pid}) removed");
    public static readonly LogEvent<int, int, string, string> WorkerFailed = new(208, "WorkerFailed", LogLevel.Warning,
        "worker {WorkerId} (pid {Pid}) failed: {ExceptionType}: {ExceptionMessage}");
    public static readonly LogEvent<int, int> WorkerStopTimedOut = new(209, "WorkerStopTimedOut", LogLevel.Warning,
        "worker {WorkerId} (pid {Pid}) did not stop within the 'timeout'; it exits now");
    public static readonly LogEvent<Signal> KillingWorkers = new(210, "KillingWorkers", LogLevel.Information,
        "sending {Signal} to every worker");
    public static readonly ConstantLogEvent Restarting = new(211, "Restarting", LogLevel.Information,
        "restarting: a new master takes over once its workers serve");
    public static readonly LogEvent<int> Restarted = new(212, "Restarted", LogLevel.Information,
        "restarted: took over from master pid {PreviousMasterPid}");
    public static readonly LogEvent<string> Closing = new(213, "Closing", LogLevel.Information,
        "closing ({Shutdown} shutdown)");
    public static readonly LogEvent<int> Closed = new(214, "Closed", LogLevel.Information,
        "closed with exit code {ExitCode}");
    public static readonly LogEvent<int, int, double> WorkerHung = new(215, "WorkerHung", LogLevel.Warning,
        "worker {WorkerId} (pid {Pid}) hung: no heartbeat for {SilenceSeconds:0.0} s; killed");
    public static readonly LogEvent<int, int, RecycleReason, string> WorkerRecycled = new(216, "WorkerRecycled", LogLevel.Information,
        "worker {WorkerId} (pid {Pid}) is recycled ({Reason}: {Detail}); a new worker takes its place before it stops");

    // 300: workers.
    public static readonly ConstantLogEvent NoWorkers = new(300, "NoWorkers", LogLevel.Warning,
        "the cluster has 0 workers; use Spawn(n) to add some");
    public static readonly LogEvent<int, int, double> StopTimeout = new(301, "StopTimeout", LogLevel.Warning,
        "worker {WorkerId} (pid {Pid}) did not exit within the timeout of {TimeoutMs} ms; killing it");
    public static readonly LogEvent<Exception> UnexpectedError = new(302, "UnexpectedError", LogLevel.Error,
        "unexpected error in the master, shutting down (workers are killed): {Exception}");
    public static readonly LogEvent<int, double> NotReaped = new(303, "NotReaped", LogLevel.Warning,
        "{Count} worker(s) not reaped {BackstopSeconds} s after SIGKILL; closing anyway");
    public static readonly LogEvent<int, string> SpawnFailed = new(304, "SpawnFailed", LogLevel.Error,
        "could not start worker {WorkerId}: {Reason}");
    public static readonly LogEvent<int, int, double> ReadyTimeout = new(305, "ReadyTimeout", LogLevel.Warning,
        "worker {WorkerId} (pid {Pid}) did not connect within the 'ready timeout' of {ReadyTimeoutMs} ms; killing it");
    public static readonly LogEvent<int, string, string> GivingUp = new(306, "GivingUp", LogLevel.Error,
        "workers keep failing to start: no worker serves, and the last {BootFailures} failed to boot (the last: {LastFailure})." +
        "{LastException} Stopping the cluster instead of respawning: fix the error the workers report, then start again " +
        "('max boot failures' sets how many failures in a row are tolerated).");
    public static readonly LogEvent<string, double> Respawning = new(307, "Respawning", LogLevel.Warning,
        "{Reason}; replacing it in {DelayMs:0} ms");
    public static readonly ConstantLogEvent RollRefused = new(310, "RollRefused", LogLevel.Warning,
        "not restarting workers: the master is shutting down");
    public static readonly ConstantLogEvent RollQueued = new(311, "RollQueued", LogLevel.Information,
        "workers are being restarted already; they will be restarted once more when this roll ends");
    public static readonly ConstantLogEvent RollJoined = new(312, "RollJoined", LogLevel.Information,
        "workers are being restarted already, and once more after that; the new request joins that one");
    public static readonly LogEvent<string, int> RollFailed = new(313, "RollFailed", LogLevel.Error,
        "restarting the workers failed: {Reason}; worker {WorkerId} is started again and the roll stops");
    public static readonly LogEvent<string, int, int> RollFailedKeepsServing = new(314, "RollFailedKeepsServing", LogLevel.Error,
        "restarting the workers failed: {Reason}; worker {WorkerId} (pid {Pid}) keeps serving and the roll stops");
    public static readonly LogEvent<int> StandbyStarted = new(330, "StandbyStarted", LogLevel.Debug,
        "standby (pid {Pid}) started");
    public static readonly LogEvent<int> StandbyReady = new(331, "StandbyReady", LogLevel.Information,
        "standby (pid {Pid}) ready");
    public static readonly LogEvent<int, int> StandbyPromoted = new(332, "StandbyPromoted", LogLevel.Information,
        "standby (pid {Pid}) takes the place of worker {WorkerId}");
    public static readonly LogEvent<int, int, string> StandbyDied = new(333, "StandbyDied", LogLevel.Warning,
        "standby (pid {Pid}) exited with code {ExitCode} ({LastException}); another is started");
    public static readonly LogEvent<string> StandbySpawnFailed = new(334, "StandbySpawnFailed", LogLevel.Error,
        "could not start a standby: {Reason}");
    public static readonly LogEvent<int> StandbyNeedsServer = new(335, "StandbyNeedsServer", LogLevel.Warning,
        "'standby' is {Standby}, but this cluster has no server (Master.Create()): its workers run the program's own code from the start, so no standby is started");
    public static readonly LogEvent<int, int, double, double> HeartbeatMissed = new(320, "HeartbeatMissed", LogLevel.Warning,
        "worker {WorkerId} (pid {Pid}) sent no heartbeat for {SilenceSeconds:0.0} s, over the 'heartbeat timeout' of {HeartbeatTimeoutMs} ms; killing it (SIGKILL)");
    public static readonly LogEvent<double> HeartbeatCheckLate = new(321, "HeartbeatCheckLate", LogLevel.Warning,
        "the master's heartbeat check ran {LateSeconds:0.0} s late (the master was paused, suspended or starved); workers' silence is counted from now");
    public static readonly LogEvent<int, int, string, double> RecycleFailed = new(325, "RecycleFailed", LogLevel.Error,
        "recycling worker {WorkerId} (pid {Pid}) failed: {Reason}; it keeps serving and is recycled again in {DelayMs:0} ms");
    public static readonly LogEvent<int, string> RecycleFailedRespawn = new(326, "RecycleFailedRespawn", LogLevel.Error,
        "recycling worker {WorkerId} failed: {Reason}; the worker it replaced is gone too, so a new one is started");
    public static readonly ConstantLogEvent RollAfterRecycle = new(327, "RollAfterRecycle", LogLevel.Information,
        "a worker is being recycled; the workers are restarted once its successor has taken over");
    public static readonly LogEvent<int, int, string> RecycleDeferred = new(328, "RecycleDeferred", LogLevel.Information,
        "worker {WorkerId} (pid {Pid}) is due for recycling ({Detail}); it is recycled once the roll under way has ended");

    // 400: restarting (the old master).
    public static readonly ConstantLogEvent RestartUnderWay = new(400, "RestartUnderWay", LogLevel.Warning,
        "a restart is under way already; ignoring the new request");
    public static readonly ConstantLogEvent RestartRefused = new(401, "RestartRefused", LogLevel.Warning,
        "not restarting: the master is shutting down");
    public static readonly LogEvent<double, double, double> RestartDelayed = new(402, "RestartDelayed", LogLevel.Information,
        "restart asked for {UptimeSeconds:0.#} s after start-up, within the 'restart threshold' of {ThresholdSeconds:0.#} s: it happens in {DelaySeconds:0.#} s ('restart timeout')");
    public static readonly LogEvent<int?, double> SnapshotNotDelivered = new(403, "SnapshotNotDelivered", LogLevel.Error,
        "the restart snapshot did not reach the new master (pid {Pid}) within {TimeoutSeconds} s");
    public static readonly LogEvent<string> ReplacementNotStarted = new(404, "ReplacementNotStarted", LogLevel.Error,
        "cannot start the replacement master: {Reason}; this master keeps serving");
    public static readonly LogEvent<int, Signal, int> ReplacementStarted = new(405, "ReplacementStarted", LogLevel.Information,
        "restarting: new master pid {Pid} started; it takes over (sends {Signal} to pid {MasterPid}) once its workers listen");
    public static readonly LogEvent<string?> ReplacementKilled = new(406, "ReplacementKilled", LogLevel.Error,
        "{Reason}; this master keeps serving");
    public static readonly LogEvent<string, int> RestartFailed = new(407, "RestartFailed", LogLevel.Error,
        "restart failed: {Reason}; this master (pid {MasterPid}) keeps serving");
    public static readonly LogEvent<string, int, string, string> RestartFailedWithException = new(408, "RestartFailedWithException", LogLevel.Error,
        "restart failed: {Reason}; this master (pid {MasterPid}) keeps serving (the new workers' last exception: {ExceptionType}: {ExceptionMessage})");
    public static readonly LogEvent<string> SnapshotNotSerializable = new(409, "SnapshotNotSerializable", LogLevel.Error,
        "the restart snapshot cannot be serialized ({Reason}); the new master gets an empty snapshot");
    public static readonly LogEvent<int, int> SnapshotTooLarge = new(410, "SnapshotTooLarge", LogLevel.Error,
        "the restart snapshot is {Bytes} bytes, over the IPC frame limit of {MaxBytes} bytes; the new master gets an empty snapshot");

    // 500: taking over (the new master).
    public static readonly LogEvent<int, int> TakingOver = new(500, "TakingOver", LogLevel.Information,
        "new master pid {MasterPid} is taking over from master pid {PreviousMasterPid}");
    public static readonly LogEvent<int> OldMasterGone = new(501, "OldMasterGone", LogLevel.Warning,
        "the old master (pid {PreviousMasterPid}) is gone already");
    public static readonly LogEvent<string?, int, int> TakeoverFailed = new(502, "TakeoverFailed", LogLevel.Error,
        "the restart failed: {Reason}; this new master (pid {MasterPid}) exits and the old master (pid {PreviousMasterPid}) keeps serving");
    public static readonly LogEvent<int, string, string> SnapshotNotReceived = new(503, "SnapshotNotReceived", LogLevel.Error,
        "no restart snapshot from the old master (pid {PreviousMasterPid}) at {IpcPath}: {Reason}");
    public static readonly LogEvent<int> SnapshotMissing = new(504, "SnapshotMissing", LogLevel.Error,
        "the old master (pid {PreviousMasterPid}) handed over no restart snapshot; going on with an empty one");
    public static readonly ConstantLogEvent SnapshotNotObject = new(505, "SnapshotNotObject", LogLevel.Error,
        "the restart snapshot is not a JSON object; going on with an empty one");
    public static readonly LogEvent<string> SnapshotUnreadable = new(506, "SnapshotUnreadable", LogLevel.Error,
        "the restart snapshot cannot be read ({Reason}); going on with an empty one");

    // 600: IPC.
    public static readonly LogEvent<string> IpcAcceptFailed = new(600, "IpcAcceptFailed", LogLevel.Warning, "{Reason}");
    public static readonly LogEvent<string, string> IpcChannelClosed = new(601, "IpcChannelClosed", LogLevel.Error,
        "IPC channel of {Peer}: {Reason}; closing that channel (the master and the other workers go on)");

    // 700: plugins.
    public static readonly LogEvent<string, Exception> PluginStopFailed = new(700, "PluginStopFailed", LogLevel.Error,
        "plugin '{Plugin}' failed to stop: {Exception}");
    public static readonly LogEvent<string, Exception> PluginThrew = new(701, "PluginThrew", LogLevel.Error,
        "plugin '{Plugin}' threw on the master's loop; the master goes on: {Exception}");
    public static readonly LogEvent<string, string> PluginWarning = new(702, "PluginWarning", LogLevel.Warning,
        "plugin '{Plugin}': {Text}");
    public static readonly LogEvent<object?> PluginFrameTooShort = new(703, "PluginFrameTooShort", LogLevel.Warning,
        "a plugin frame from {From} is too short to name its channel; dropped");
    public static readonly LogEvent<string, object?, string, string> PluginMessageInvalid = new(704, "PluginMessageInvalid", LogLevel.Warning,
        "a message on plugin channel '{Channel}' from {From} is not a valid {MessageType}: {Reason}; dropped");
    public static readonly LogEvent<string, string, string, string?> SubscriberThrew = new(705, "SubscriberThrew", LogLevel.Error,
        "a subscriber to {Stream} threw {ExceptionType}: {ExceptionMessage}; it is unsubscribed; the other subscribers and the cluster go on" +
        Environment.NewLine + "{StackTrace}");
    public static readonly LogEvent<Exception> OutputReaderFailed = new(706, "OutputReaderFailed", LogLevel.Error,
        "the reader of workers' output failed; their output is no longer read: {Exception}");
    public static readonly LogEvent<string, int, Exception> WorkerPluginThrew = new(707, "WorkerPluginThrew", LogLevel.Error,
        "plugin '{Plugin}' threw in worker {WorkerId}; the worker goes on: {Exception}");

    // 800: a worker about itself (in the worker's own log: stderr, or its ILogger).
    public static readonly LogEvent<int, int, int, string, string> WorkerCannotReachMaster = new(800, "WorkerCannotReachMaster", LogLevel.Error,
        "worker {WorkerId} (pid {Pid}) cannot reach its master (pid {MasterPid}) at {IpcPath}: {Reason}");
    public static readonly LogEvent<int, int, double> WorkerGotNoOptions = new(801, "WorkerGotNoOptions", LogLevel.Error,
        "worker {WorkerId} (pid {Pid}) got no options from its master within {Seconds} s");
    public static readonly LogEvent<int, int> WorkerAppEnded = new(802, "WorkerAppEnded", LogLevel.Error,
        "worker {WorkerId} (pid {Pid}): the app stopped on its own; the worker exits and its master replaces it");
    public static readonly LogEvent<int, int, string> WorkerBadFrame = new(803, "WorkerBadFrame", LogLevel.Error,
        "worker {WorkerId} (pid {Pid}): bad frame from the master: {Reason}");

    // 900: systemd.
    public static readonly LogEvent<string, string> SystemdNotifying = new(900, "SystemdNotifying", LogLevel.Information,
        "systemd: notifying {NotifySocket}{Watchdog}");
    public static readonly LogEvent<string, string> SystemdNotifyFailed = new(901, "SystemdNotifyFailed", LogLevel.Warning,
        "cannot notify systemd at {NotifySocket} ({Reason}); the master goes on, and this warning is not repeated for later notifications that fail");
    public static readonly LogEvent<int, string> ActivationSocketsUnused = new(902, "ActivationSocketsUnused", LogLevel.Warning,
        "systemd passed {Fds} socket(s) ({Variable}), but this cluster has no server (Start()): they are not used");
    public static readonly LogEvent<int, string, int, int> ActivationExtraSockets = new(903, "ActivationExtraSockets", LogLevel.Warning,
        "systemd passed {Fds} sockets (LISTEN_FDS); the cluster serves one, the first ({Served}), and leaves fds {FirstUnused}–{LastUnused} unused: give the service one socket (one ListenStream= in its .socket unit)");
    public static readonly LogEvent<string, object?, string> SocketActivated = new(904, "SocketActivated", LogLevel.Information,
        "socket activation: serving the socket systemd passed on {Served} ({EndPoint}) instead of binding {Declared}");
}
