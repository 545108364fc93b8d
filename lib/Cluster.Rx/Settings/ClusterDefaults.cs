namespace Cluster.Rx.Settings;

/// <summary>
/// Every default of the cluster, chosen in one place: the settings' defaults (what <see cref="Master.Set"/>
/// changes) and the fixed limits the master and its workers keep.
/// </summary>
internal static class ClusterDefaults
{
    /// <summary>The most workers a master runs.</summary>
    public const int MaxWorkers = 1024;

    /// <summary>Listen backlog of the shared socket (<c>backlog</c>). Defaults to 128.</summary>
    public const int Backlog = 128;

    /// <summary>Directory of the master's IPC socket (<c>socket path</c>). Defaults to <c>./</c>.</summary>
    public const string SocketPath = "./";

    /// <summary>The master's process title (<c>title</c>). Defaults to <c>cluster</c>.</summary>
    public const string Title = "cluster";

    /// <summary>The workers' process title, <c>{n}</c> standing for the id (<c>worker title</c>).</summary>
    public const string WorkerTitle = "cluster worker {n}";

    /// <summary>How long a worker may take to stop gracefully (<c>timeout</c>). Defaults to 60 s.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The restart threshold and restart timeout in development. Defaults to 5 s.</summary>
    public static readonly TimeSpan DevelopmentRestartDelay = TimeSpan.FromSeconds(5);

    /// <summary>The restart threshold and restart timeout in every other environment. Defaults to 60 s.</summary>
    public static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a new worker (or a replacement master's workers) may take to connect before it is killed and
    /// counts as a boot failure (<c>ready timeout</c>). Defaults to 60 s.
    /// </summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The longest wait before a dead worker is replaced (<c>max respawn delay</c>). Defaults to 5 s.</summary>
    public static readonly TimeSpan MaxRespawnDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many boot failures in a row, while no worker serves, make the master give up
    /// (<c>max boot failures</c>). Defaults to 10.
    /// </summary>
    public const int MaxBootFailures = 10;

    /// <summary>
    /// How long a serving worker may go without a heartbeat before it is killed as hung (<c>heartbeat timeout</c>).
    /// Defaults to 60 s, as Unicorn's and Puma's: far beyond any GC pause or busy spell of a healthy worker, while a
    /// hung one is still replaced within a minute. Off in development, where a debugger may stop a worker.
    /// </summary>
    public static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The shortest <c>heartbeat timeout</c> accepted (other than 0, off): shorter ones would take a GC pause for a hang. 1 s.</summary>
    public static readonly TimeSpan MinHeartbeatTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A worker sends a heartbeat this many times per <c>heartbeat timeout</c>:
    /// a worker is found hung only after this many heartbeats in a row went missing. 4.
    /// </summary>
    public const int HeartbeatsPerTimeout = 4;

    /// <summary>
    /// New workers starting at once (<c>spawn concurrency</c>); the others wait for one of them to connect or exit.
    /// Defaults to four times the processor count: enough to keep every core busy with start-ups while the master
    /// stays responsive to their handshakes (64 workers of demos/Hello on 2 cores: ~21 s to serve all at once, ~19 s
    /// eight at a time; once, when idle workers still burned CPU, not within a minute).
    /// </summary>
    public static readonly int SpawnConcurrency = 4 * Environment.ProcessorCount;

    /// <summary>The first backoff step before a worker that keeps dying is replaced; each next one doubles. 100 ms.</summary>
    public static readonly TimeSpan FirstRespawnDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A worker that served this long before it died resets its backoff: its death is no crash loop, and its
    /// replacement starts at once (as fast as a replacement can be). 5 s.
    /// </summary>
    public static readonly TimeSpan StablePeriod = TimeSpan.FromSeconds(5);

    /// <summary>How much longer than <c>timeout</c> the master waits for a stopping worker before it kills it. 2 s.</summary>
    public static readonly TimeSpan GracefulBackstop = TimeSpan.FromSeconds(2);

    /// <summary>How long a hard shutdown waits for killed workers to be reaped. 5 s.</summary>
    public static readonly TimeSpan HardBackstop = TimeSpan.FromSeconds(5);

    /// <summary>How long a closing master waits for the restart snapshot to reach its replacement. 5 s.</summary>
    public static readonly TimeSpan HandOverTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How much longer than <c>ready timeout</c> the old master gives its replacement to take over before it kills
    /// it (the replacement's own start-up: runtime, IPC, spawning). 10 s.
    /// </summary>
    public static readonly TimeSpan TakeoverGrace = TimeSpan.FromSeconds(10);

    /// <summary>How often the command-line tool (<c>Plugins.Cli</c>) looks at the pid files and the master while it waits. 50 ms.</summary>
    public static readonly TimeSpan CliPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How much longer than the master's own limits (<c>timeout</c>, <c>ready timeout</c>, …) the command-line tool waits
    /// for a restart or a shutdown before it gives up: the start-up and exit of processes. 10 s.
    /// </summary>
    public static readonly TimeSpan CliMargin = TimeSpan.FromSeconds(10);

    /// <summary>How long a worker or a replacement master tries to reach its master's IPC socket and get its options. 10 s.</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a worker waits for its last reports to reach the master before it exits. 1 s.</summary>
    public static readonly TimeSpan FinalFlushTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The largest IPC frame payload, in bytes, sent or accepted; a larger frame closes that channel with an
    /// <see cref="Ipc.IpcProtocolException"/>. Defaults to 1 MiB.
    /// </summary>
    public const int MaxFrameSize = 1024 * 1024;

    /// <summary>How long the master's IPC socket stops accepting when the process is out of descriptors or buffers. 100 ms.</summary>
    public static readonly TimeSpan AcceptPause = TimeSpan.FromMilliseconds(100);

    /// <summary>How often a stopping worker reports the connections it still has open. 1 s.</summary>
    public static readonly TimeSpan WaitingInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the master lets workers' output gather in their pipes after a read that found some, when a plugin
    /// reads the workers' output: one wake-up of the master per batch of lines rather than per line. 10 ms.
    /// </summary>
    public static readonly TimeSpan OutputBatchDelay = TimeSpan.FromMilliseconds(10);

    /// <summary>The size asked for a worker's output pipe (Linux's default is 64 KiB), so a worker seldom waits on a busy master. 1 MiB.</summary>
    public const int OutputPipeSize = 1024 * 1024;

    /// <summary>How often the master reads its workers' resident memory when <c>max memory</c> is set. 5 s.</summary>
    public static readonly TimeSpan MemoryCheckInterval = TimeSpan.FromSeconds(5);

    /// <summary>The wait before a worker whose recycling failed (its successor did not connect) is recycled again; each next failure in a row doubles it. 1 s.</summary>
    public static readonly TimeSpan FirstRecycleRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait before a failed recycle is tried again. 60 s.</summary>
    public static readonly TimeSpan MaxRecycleRetryDelay = TimeSpan.FromSeconds(60);
}
