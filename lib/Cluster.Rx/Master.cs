using System.Reactive.Concurrency;
using System.Reactive.Linq;
using Cluster.Rx.Internal;
using Cluster.Rx.Serving;
using Cluster.Rx.Settings;
using Cluster.Rx.Supervision;

namespace Cluster.Rx;

/// <summary>
/// A cluster: in the master process it binds the listening socket once, starts the workers and keeps their
/// number; in a worker process (the same program, started again by the master) it serves from that socket.
/// Configure it with one fluent chain, subscribe to its events, then <see cref="RunAsync"/> it.
/// </summary>
/// <remarks>
/// Nothing starts before <see cref="RunAsync"/>: subscriptions made before it see every event. All events are
/// published from the master's event loop (<see cref="Scheduler"/>), one at a time, in order.
/// </remarks>
public sealed partial class Master
{
    private readonly Func<IWorkerService>? _service;
    private readonly bool _listens;
    private readonly ClusterSettings _settings;
    private readonly List<Plugin> _plugins = [];
    private readonly ClusterLog _log = new();
    private readonly EventHub _hub;
    private readonly WorkerEnvironment? _worker;
    private readonly WorkerIdentity? _identity;
    private readonly string _environment;
    private readonly CancellationTokenSource _stopping = new();
    private readonly IScheduler? _scheduler;
    private readonly TaskCompletionSource<int> _failedEarly = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ListenTarget? _target;
    private bool _declared;
    private bool _matches = true;
    private int _running;
    private Supervisor? _supervisor;
    private Restarter? _restarter;

    internal Master(Func<IServer>? server, WorkerEnvironment? worker, string environment, IScheduler? scheduler = null)
        : this(server is null ? null : () => new ServerService(server()), listens: server is not null, worker, environment, scheduler)
    {
    }

    // service: what workers run (null for an abstract cluster: workers run the program's own code); listens: true when
    // the cluster needs an address (Listen), false when Start declares it.
    internal Master(Func<IWorkerService>? service, bool listens, WorkerEnvironment? worker, string environment, IScheduler? scheduler = null)
    {
        _service = service;
        _listens = listens;
        _worker = worker;
        _identity = worker is null ? null : new WorkerIdentity(worker);
        _environment = environment;
        _settings = new ClusterSettings(environment);
        _hub = new EventHub(_log);
        SignalHandler.ClaimIgnoredSignals();
        // Only the master's loop ends in a hard shutdown on an unexpected exception: a worker has no loop of its own.
        _scheduler = worker is not null
            ? scheduler
            : (scheduler ?? new EventLoopScheduler(start => new Thread(start) { Name = "cluster master", IsBackground = true })).Catch<Exception>(OnLoopError);
        _log.Clock = () => Scheduler.Now;
    }

    /// <summary>A cluster of workers that each serve <paramref name="server"/>.</summary>
    /// <remarks>The server object is created in the master too; prefer <see cref="Create(Func{IServer})"/> when
    /// creating it opens resources (database connections) only workers need.</remarks>
    public static Master Create(IServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return Create(() => server);
    }

    /// <summary>A cluster of workers that each serve <paramref name="server"/>, its events and timers on <paramref name="scheduler"/>.</summary>
    /// <param name="server">The server every worker runs.</param>
    /// <param name="scheduler">The master's event loop (see <see cref="Scheduler"/>); a single-threaded scheduler such as an <see cref="EventLoopScheduler"/>, or a <c>TestScheduler</c> in specs.</param>
    public static Master Create(IServer server, IScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(server);
        return Create(() => server, scheduler);
    }

    /// <summary>A cluster of workers that each serve what <paramref name="serverFactory"/> creates; the factory runs in workers only.</summary>
    public static Master Create(Func<IServer> serverFactory)
    {
        ArgumentNullException.ThrowIfNull(serverFactory);
        return new Master(serverFactory, ReadWorkerEnvironment(), CurrentEnvironment());
    }

    /// <summary>As <see cref="Create(Func{IServer})"/>, the master's events and timers on <paramref name="scheduler"/>.</summary>
    /// <param name="serverFactory">Creates the server, in each worker.</param>
    /// <param name="scheduler">The master's event loop (see <see cref="Scheduler"/>); a single-threaded scheduler.</param>
    public static Master Create(Func<IServer> serverFactory, IScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(serverFactory);
        ArgumentNullException.ThrowIfNull(scheduler);
        return new Master(serverFactory, ReadWorkerEnvironment(), CurrentEnvironment(), scheduler);
    }

    /// <summary>An abstract cluster: no server; workers run the program's own code (see <see cref="IsWorker"/>).</summary>
    public static Master Create() => new(null, ReadWorkerEnvironment(), CurrentEnvironment());

    /// <summary>An abstract cluster whose master runs its events and timers on <paramref name="scheduler"/>.</summary>
    /// <param name="scheduler">The master's event loop (see <see cref="Scheduler"/>); a single-threaded scheduler.</param>
    public static Master Create(IScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        return new(null, ReadWorkerEnvironment(), CurrentEnvironment(), scheduler);
    }

    /// <summary>A cluster whose workers run a hosted app (<c>Cluster.Rx.Hosting</c>, <c>Cluster.Rx.Http</c>) in <paramref name="environment"/>.</summary>
    /// <param name="service">Creates what each worker runs, in workers only.</param>
    /// <param name="listens">True when the app serves on the shared socket (declared by <c>Listen</c>); false when it listens on nothing (declared by <see cref="Start"/>).</param>
    /// <param name="environment">The host's environment name, which <see cref="In"/> compares with.</param>
    internal static Master CreateHosted(Func<IWorkerService> service, bool listens, string environment) =>
        new(service, listens, ReadWorkerEnvironment(), environment);

    /// <summary>True once <c>Listen</c> or <see cref="Start"/> has declared the cluster.</summary>
    internal bool IsDeclared => _declared;

    /// <summary>True in a worker process.</summary>
    public bool IsWorker => _worker is not null;

    /// <summary>True in the master process.</summary>
    public bool IsMaster => _worker is null;

    /// <summary>In a worker, its id (0, 1, …; also in the <c>CLUSTER_WORKER</c> variable); null in the master.</summary>
    /// <remarks>
    /// A standby (the <c>standby</c> setting) starts with a free id of its own and takes the id of the worker it
    /// replaces when it is promoted: this property and <c>CLUSTER_WORKER</c> change then. Read the id when serving,
    /// not once in the server factory, when it matters to the app.
    /// </remarks>
    public int? WorkerId => _identity?.Id;

    /// <summary>
    /// Cancelled when this process should stop: in a worker when the master asks it to stop gracefully (finish
    /// the current work, then return), in the master when it starts shutting down.
    /// </summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>
    /// The master's event loop: every event is published and every timer runs on it. An exception that escapes
    /// an action on it is logged and ends in a hard shutdown with exit code 1 (workers killed), never a crash.
    /// </summary>
    /// <remarks>
    /// In a worker given none, <see cref="DefaultScheduler"/>, taken on first use: its first use starts
    /// System.Reactive's platform services, a few milliseconds a worker need not spend before it serves.
    /// </remarks>
    public IScheduler Scheduler => _scheduler ?? DefaultScheduler.Instance;

    /// <summary>The state of the master: <see cref="MasterState.Active"/> until it shuts down.</summary>
    public MasterState State => _supervisor?.State ?? MasterState.Active;

    /// <summary>The serving workers, ordered by id (a snapshot; a worker being removed or replaced is no longer listed; empty in a worker and before <see cref="RunAsync"/>).</summary>
    public IReadOnlyList<Worker> Workers => _supervisor?.Workers ?? [];

    /// <summary>
    /// Sets <paramref name="key"/> to <paramref name="value"/>: <c>workers</c>, <c>working directory</c>, <c>backlog</c>,
    /// <c>socket path</c>, <c>timeout</c> (ms), <c>title</c>, <c>worker title</c>, <c>user</c>, <c>group</c>,
    /// <c>restart threshold</c> (ms), <c>restart timeout</c> (ms).
    /// </summary>
    /// <exception cref="ArgumentException">The key is unknown (the message lists the valid keys) or the value does not fit it.</exception>
    public Master Set(string key, object value)
    {
        _settings.Set(key, value, apply: _matches);
        return this;
    }

    /// <summary>True when <paramref name="key"/> was given a value with <see cref="Set"/>.</summary>
    /// <exception cref="ArgumentException">The key is unknown.</exception>
    public bool Has(string key) => _settings.Has(key);

    /// <summary>
    /// Applies the calls that follow only when the environment is <paramref name="environment"/>: <c>DOTNET_ENVIRONMENT</c>,
    /// else <c>ASPNETCORE_ENVIRONMENT</c>, else <c>Production</c>, compared case-insensitively; <c>"all"</c> matches every one.
    /// </summary>
    public Master In(string environment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(environment);
        _matches = environment.Equals("all", StringComparison.OrdinalIgnoreCase)
            || environment.Equals(_environment, StringComparison.OrdinalIgnoreCase);
        return this;
    }

    /// <summary>Runs <paramref name="action"/> now, in master and workers alike (when the environment matches).</summary>
    public Master Do(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (_matches)
        {
            action();
        }

        return this;
    }

    /// <summary>
    /// Uses <paramref name="plugin"/>: it is attached when <see cref="RunAsync"/> starts, in the order given, before
    /// any worker spawns (and its worker part in each worker).
    /// </summary>
    public Master Use(Plugin plugin)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        if (_matches)
        {
            _plugins.Add(plugin);
            plugin.Used?.Invoke(this);
        }

        return this;
    }

    /// <summary>Listens on <paramref name="port"/> on every IPv4 address (0 picks a free port; <see cref="Listening"/> tells which).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The port is not 0 to 65535.</exception>
    public Master Listen(int port) => Declare(new ListenTarget.Tcp(null, CheckPort(port)));

    /// <summary>Listens on <paramref name="port"/> of <paramref name="host"/> (an IP address or a host name, resolved at run time).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The port is not 0 to 65535.</exception>
    public Master Listen(int port, string host)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        return Declare(new ListenTarget.Tcp(host, CheckPort(port)));
    }

    /// <summary>Listens on the Unix domain socket <paramref name="path"/>; a stale socket file there is replaced.</summary>
    public Master Listen(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Declare(new ListenTarget.Unix(path));
    }

    /// <summary>Declares an abstract cluster (or a hosted worker service) ready to run (a cluster with a server declares with <c>Listen</c>).</summary>
    /// <exception cref="InvalidOperationException">The cluster has a server: it needs <c>Listen</c>.</exception>
    public Master Start()
    {
        if (_listens)
        {
            throw new InvalidOperationException("This cluster has a server: declare where it listens with Listen(port), Listen(port, host) or Listen(path). Start() is for an abstract cluster (Master.Create()).");
        }

        if (_matches)
        {
            _declared = true;
        }

        return this;
    }

    private Master Declare(ListenTarget target)
    {
        if (_service is not null && !_listens)
        {
            throw new InvalidOperationException("This cluster runs a host's services, which listen on nothing: declare it with Start(). To serve HTTP on a shared socket, cluster a WebApplication with Cluster.Rx.Http's app.RunClusterAsync.");
        }

        if (_service is null)
        {
            throw new InvalidOperationException("This is an abstract cluster (Master.Create() without a server): it has nothing to listen with. Use Start(), or Master.Create(server) to serve.");
        }

        if (_matches)
        {
            _target = target;
            _declared = true;
        }

        return this;
    }

    private static int CheckPort(int port) =>
        port is >= 0 and <= 65535 ? port : throw new ArgumentOutOfRangeException(nameof(port), port, $"Port {port} is not a TCP port: give 1 to 65535, or 0 for a free port chosen by the system.");

    private bool OnLoopError(Exception error)
    {
        if (_supervisor is { } supervisor)
        {
            supervisor.Fail(error);
        }
        else
        {
            _log.Write(LogEvents.LoopFailedEarly, error);
            _failedEarly.TrySetResult(1);
        }

        return true;
    }

    private static WorkerEnvironment? ReadWorkerEnvironment() => WorkerEnvironment.Read(Environment.GetEnvironmentVariable);

    private static string CurrentEnvironment() =>
        Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") is { Length: > 0 } dotnet ? dotnet
        : Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } aspnet ? aspnet
        : "Production";
}
