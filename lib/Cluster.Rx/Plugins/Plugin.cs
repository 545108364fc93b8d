namespace Cluster.Rx;

/// <summary>
/// A plugin: what it does in the master (attached when <see cref="Master.RunAsync"/> starts, before the first event
/// and before any worker spawns), optionally what it does in each worker (<see cref="InWorkers"/>), and optionally
/// an answer to <see cref="Master.Run"/> in place of starting a master (<see cref="AnswersRun"/>, for a command-line
/// tool). Immutable: <see cref="InWorkers"/> and <see cref="AnswersRun"/> return a new plugin.
/// </summary>
/// <remarks>
/// A plugin that throws while it attaches stops the master before any worker starts, with an error naming it (exit
/// code 1). Later, a subscriber of its that throws is logged and unsubscribed, and an exception from an action it
/// schedules on <see cref="IPluginContext.Scheduler"/> is logged: neither takes the master down.
/// </remarks>
public sealed class Plugin
{
    private readonly Func<IPluginContext, IDisposable> _master;
    private readonly Func<IWorkerPluginContext, IDisposable>? _worker;
    private readonly Func<PluginRun, Task<int>?>? _run;

    private Plugin(string name, Func<IPluginContext, IDisposable> master, Func<IWorkerPluginContext, IDisposable>? worker, Func<PluginRun, Task<int>?>? run, Action<Master>? used)
    {
        Name = name;
        _master = master;
        _worker = worker;
        _run = run;
        Used = used;
    }

    /// <summary>The plugin's name, used in error and log messages.</summary>
    public string Name { get; }

    /// <summary>True when the plugin has a part that runs in every worker (see <see cref="InWorkers"/>).</summary>
    public bool RunsInWorkers => _worker is not null;

    /// <summary>Done to the master when the plugin is given to <see cref="Master.Use"/> (a bundled plugin's settings).</summary>
    internal Action<Master>? Used { get; }

    /// <summary>Creates a plugin from what it does in the master.</summary>
    /// <param name="name">The plugin's name, for messages.</param>
    /// <param name="attach">
    /// Composes operators onto the context's streams and subscribes its sinks; returns what to dispose when the
    /// master has closed. Called once, in the master, on the thread that runs <see cref="Master.RunAsync"/>.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public static Plugin Create(string name, Func<IPluginContext, IDisposable> attach)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(attach);
        return new Plugin(name, attach, worker: null, run: null, used: null);
    }

    internal static Plugin Create(string name, Func<IPluginContext, IDisposable> attach, Action<Master> used) =>
        new(name, attach, worker: null, run: null, used);

    /// <summary>This plugin with a part that runs in every worker too.</summary>
    /// <param name="attach">
    /// Called once in each worker, after it took the shared socket and dropped privileges and before its server
    /// starts; returns what to dispose when the worker stops: after its server has stopped and before its last IPC frames
    /// are flushed, so a message sent while disposing still reaches the master.
    /// </param>
    public Plugin InWorkers(Func<IWorkerPluginContext, IDisposable> attach)
    {
        ArgumentNullException.ThrowIfNull(attach);
        return new Plugin(Name, _master, attach, _run, Used);
    }

    /// <summary>
    /// This plugin, able to answer <see cref="Master.Run"/> itself: before a master starts (nothing bound, no worker
    /// spawned), <paramref name="answer"/> is asked; a task it returns is awaited and its result is the exit code,
    /// and no master starts. It returns null to let the master start.
    /// </summary>
    /// <param name="answer">Looks at the program's arguments; never called in workers nor in a replacement master.</param>
    public Plugin AnswersRun(Func<PluginRun, Task<int>?> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new Plugin(Name, _master, _worker, answer, Used);
    }

    internal Task<int>? AnswerRun(PluginRun run) => _run is null ? null : Guard(() => _run(run));

    internal IDisposable Attach(IPluginContext context) => Guard(() => _master(context));

    internal IDisposable Attach(IWorkerPluginContext context) =>
        _worker is null ? System.Reactive.Disposables.Disposable.Empty : Guard(() => _worker(context));

    private T Guard<T>(Func<T> attach)
    {
        try
        {
            return attach();
        }
        catch (Exception e)
        {
            throw new ClusterException($"plugin '{Name}' failed to start: {e.Message}", e);
        }
    }
}
