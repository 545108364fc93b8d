using System.Reactive.Concurrency;
using System.Text.Json.Serialization.Metadata;

namespace Cluster.Rx;

/// <summary>
/// What a plugin gets in the master (see <see cref="Plugin.Create(string, Func{IPluginContext, IDisposable})"/>): the master's streams and scheduler, its
/// workers and operations, the workers' output, signals, a message channel to workers and the command registry.
/// </summary>
/// <remarks>
/// Every stream here is hot and isolated per subscriber: one that throws is logged with the plugin's name and
/// unsubscribed, and costs neither the master nor another subscriber anything. Specs give a plugin a fake of this
/// interface (hot observables on a <c>TestScheduler</c>), so a plugin is specced without processes.
/// </remarks>
public interface IPluginContext
{
    /// <summary>The plugin's name.</summary>
    string Name { get; }

    /// <summary>
    /// The master's event loop, for the plugin's timers and operators (<c>Throttle</c>, <c>Buffer</c>, …): one thread,
    /// in event order. An exception that escapes an action the plugin schedules on it is logged with the plugin's name;
    /// the master goes on.
    /// </summary>
    IScheduler Scheduler { get; }

    /// <summary>Every event of the master (as <see cref="Master.Events"/>); hot, on <see cref="Scheduler"/>, completes after <see cref="Closed"/>.</summary>
    IObservable<ClusterEvent> Events { get; }

    /// <summary>
    /// The master's own log lines (what it writes to stderr as <c>cluster: level: text</c>: why a worker was killed,
    /// why it gave up, a plugin's error); hot, on the thread that wrote each, one at a time; it never completes (the master logs until its last moment), so the plugin's subscription ends when it is detached.
    /// </summary>
    IObservable<ClusterLogEntry> Log { get; }

    /// <summary>The serving workers, by id (as <see cref="Master.Workers"/>).</summary>
    IReadOnlyList<Worker> Workers { get; }

    /// <summary>The master's state.</summary>
    MasterState State { get; }

    /// <summary>
    /// The lines workers write to stdout and stderr, each with the worker: hot, one line at a time (never
    /// overlapping), on the thread that reads the worker's output, not on <see cref="Scheduler"/>; completes when the
    /// master has closed. Observing does not stop the lines from going on to the master's own stdout and stderr (see
    /// <see cref="TakeOutput"/>). Subscribe while the plugin attaches: a worker's output is read by the master only
    /// when, at its spawn, a plugin observes or takes it (otherwise the worker writes to the master's stdout and
    /// stderr directly, at no cost).
    /// </summary>
    IObservable<WorkerOutput> Output { get; }

    /// <summary>
    /// As <see cref="Output"/>, but while anyone subscribes to it the lines are no longer passed through to the
    /// master's own stdout and stderr: the subscriber takes them (a log file, say).
    /// </summary>
    IObservable<WorkerOutput> TakeOutput();

    /// <summary>
    /// Each arrival of <paramref name="signal"/> at the master, on <see cref="Scheduler"/>, for as long as the
    /// subscription lasts (instead of the signal's default action). Cold: each subscription handles the signal.
    /// </summary>
    /// <exception cref="ArgumentException">The signal is one the cluster handles itself (SIGINT, SIGTERM, SIGQUIT, SIGUSR2) or cannot be handled (SIGKILL).</exception>
    IObservable<Signal> Signals(Signal signal);

    /// <summary>The master's end of the plugin message channel <paramref name="name"/> to and from workers.</summary>
    /// <param name="name">The channel's name, unique among the plugins; the workers' end uses the same.</param>
    /// <param name="type">How the messages are written as JSON (source-generated: <c>MyContext.Default.MyMessage</c>).</param>
    /// <exception cref="ArgumentException">The name is empty, longer than 200 bytes in UTF-8, or already taken by another type.</exception>
    IPluginChannel<T> Channel<T>(string name, JsonTypeInfo<T> type);

    /// <summary>The commands plugins offer to control consoles and tools (the master's one registry).</summary>
    CommandRegistry Commands { get; }

    /// <summary>
    /// Declares that the plugin writes files under <paramref name="path"/> (a file or a directory), so that file
    /// watchers such as <c>Plugins.Reload</c> ignore changes there.
    /// </summary>
    void Writes(string path);

    /// <summary>The files and directories plugins write (see <see cref="Writes"/>), as full paths.</summary>
    IReadOnlyCollection<string> WrittenPaths { get; }

    /// <summary>Writes a warning, with the plugin's name, where the master writes its own.</summary>
    void Warn(string text);

    /// <summary>Starts <paramref name="count"/> more workers (<see cref="Master.Spawn"/>).</summary>
    void Spawn(int count);

    /// <summary>Stops <paramref name="count"/> workers gracefully (<see cref="Master.Remove"/>).</summary>
    void Remove(int count);

    /// <summary>Sends <paramref name="signal"/> to every worker (<see cref="Master.Kill"/>).</summary>
    void Kill(Signal signal = Signal.SIGTERM);

    /// <summary>Sends <paramref name="signal"/> to the serving worker <paramref name="id"/> (<see cref="Master.KillWorker"/>).</summary>
    /// <returns>False when no serving worker has that id.</returns>
    bool KillWorker(int id, Signal signal = Signal.SIGTERM);

    /// <summary>Restarts the master with zero downtime (<see cref="Master.Restart"/>).</summary>
    void Restart(Signal signal = Signal.SIGQUIT);

    /// <summary>Replaces every worker, one at a time, successor first (<see cref="Master.RestartWorkers"/>).</summary>
    void RestartWorkers(Signal signal = Signal.SIGQUIT);

    /// <summary>Graceful shutdown (<see cref="Master.Close"/>).</summary>
    void Close();

    /// <summary>Hard shutdown (<see cref="Master.Destroy"/>).</summary>
    void Destroy();
}
