using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Text.Json.Serialization.Metadata;
using Cluster.Rx.Internal;

namespace Cluster.Rx.Extensibility;

/// <summary>One plugin's view of the master: its streams isolated and named after the plugin, its scheduler guarded.</summary>
internal sealed class MasterPluginContext(string name, Master master, PluginHost host, IScheduler scheduler, ClusterLog log) : IPluginContext
{
    private static readonly Signal[] ClusterSignals = [Signal.SIGINT, Signal.SIGQUIT, Signal.SIGTERM, Signal.SIGUSR2, Signal.SIGKILL];

    public string Name => name;

    public IScheduler Scheduler => scheduler;

    public IObservable<ClusterEvent> Events => master.Hub.Stream<ClusterEvent>($"plugin '{name}' (events)");

    public IObservable<ClusterLogEntry> Log => log.Entries($"plugin '{name}' (log)");

    public IReadOnlyList<Worker> Workers => master.Workers;

    public MasterState State => master.State;

    public IObservable<WorkerOutput> Output => host.Output.Observe($"plugin '{name}' (output)");

    public CommandRegistry Commands => host.Commands;

    public IReadOnlyCollection<string> WrittenPaths => host.WrittenPaths;

    public IObservable<WorkerOutput> TakeOutput() => host.Output.Take($"plugin '{name}' (output)");

    public IObservable<Signal> Signals(Signal signal)
    {
        if (ClusterSignals.Contains(signal))
        {
            throw new ArgumentException(
                $"plugin '{name}' asks for {signal}, which the cluster handles itself (SIGINT, SIGTERM: hard shutdown; SIGQUIT: graceful shutdown; SIGUSR2: restart) or no process can handle (SIGKILL); ask for SIGHUP or SIGUSR1",
                nameof(signal));
        }

        return Observable.Create<Signal>(observer => SignalHandler.Handle(signal, () => scheduler.Schedule(() => observer.OnNext(signal))));
    }

    public IPluginChannel<T> Channel<T>(string channel, JsonTypeInfo<T> type) => host.Channels.Open(channel, type);

    public void Writes(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        host.Writes(path);
    }

    public void Warn(string text) => log.Write(LogEvents.PluginWarning, name, text);

    public void Spawn(int count) => master.Spawn(count);

    public void Remove(int count) => master.Remove(count);

    public void Kill(Signal signal = Signal.SIGTERM) => master.Kill(signal);

    public bool KillWorker(int id, Signal signal = Signal.SIGTERM) => master.KillWorker(id, signal);

    public void Restart(Signal signal = Signal.SIGQUIT) => master.Restart(signal);

    public void RestartWorkers(Signal signal = Signal.SIGQUIT) => master.RestartWorkers(signal);

    public void Close() => master.Close();

    public void Destroy() => master.Destroy();
}
