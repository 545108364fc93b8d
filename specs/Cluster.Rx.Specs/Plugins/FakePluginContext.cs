using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs;

/// <summary>
/// A plugin's context without a master or processes: its streams and channels are whatever a spec sets (hot
/// observables on a <see cref="TestScheduler"/>), and the operations a plugin asks for are recorded in <see cref="Calls"/>.
/// </summary>
internal sealed class FakePluginContext(TestScheduler scheduler, string name = "fake") : IPluginContext
{
    public string Name => name;

    public IScheduler Scheduler => scheduler;

    public IObservable<ClusterEvent> Events { get; set; } = Observable.Never<ClusterEvent>();

    public IObservable<ClusterLogEntry> Log { get; set; } = Observable.Never<ClusterLogEntry>();

    public IReadOnlyList<Worker> Workers { get; set; } = [];

    public MasterState State { get; set; } = MasterState.Active;

    public IObservable<WorkerOutput> Output { get; set; } = Observable.Never<WorkerOutput>();

    /// <summary>What <see cref="TakeOutput"/> returns.</summary>
    public IObservable<WorkerOutput> Taken { get; set; } = Observable.Never<WorkerOutput>();

    /// <summary>What <see cref="Signals"/> returns, by signal.</summary>
    public Dictionary<Signal, IObservable<Signal>> SignalStreams { get; } = [];

    public CommandRegistry Commands { get; } = new();

    public List<string> Written { get; } = [];

    public IReadOnlyCollection<string> WrittenPaths => Written;

    public List<string> Warnings { get; } = [];

    /// <summary>The master operations the plugin asked for, as "Name(argument)".</summary>
    public List<string> Calls { get; } = [];

    public IObservable<WorkerOutput> TakeOutput() => Taken;

    public IObservable<Signal> Signals(Signal signal) => SignalStreams.GetValueOrDefault(signal, Observable.Never<Signal>());

    /// <summary>The channels the plugin opened, by name (each a <see cref="FakePluginChannel{T}"/>).</summary>
    public Dictionary<string, object> Channels { get; } = [];

    public IPluginChannel<T> Channel<T>(string channel, JsonTypeInfo<T> type)
    {
        if (!Channels.TryGetValue(channel, out var open))
        {
            Channels[channel] = open = new FakePluginChannel<T>();
        }

        return (FakePluginChannel<T>)open;
    }

    /// <summary>The channel named <paramref name="channel"/>, opened now if the plugin has not.</summary>
    public FakePluginChannel<T> ChannelOf<T>(string channel) => (FakePluginChannel<T>)Channel<T>(channel, null!);

    public void Writes(string path) => Written.Add(Path.GetFullPath(path));

    // Plugins may warn from their own threads (a console's accept loop).
    public void Warn(string text)
    {
        lock (Warnings)
        {
            Warnings.Add(text);
        }
    }

    public void Spawn(int count) => Calls.Add($"Spawn({count})");

    public void Remove(int count) => Calls.Add($"Remove({count})");

    public void Kill(Signal signal = Signal.SIGTERM) => Calls.Add($"Kill({signal})");

    public bool KillWorker(int id, Signal signal = Signal.SIGTERM)
    {
        Calls.Add($"KillWorker({id}, {signal})");
        return Workers.Any(w => w.Id == id);
    }

    public void Restart(Signal signal = Signal.SIGQUIT) => Calls.Add($"Restart({signal})");

    public void RestartWorkers(Signal signal = Signal.SIGQUIT) => Calls.Add($"RestartWorkers({signal})");

    public void Close() => Calls.Add("Close()");

    public void Destroy() => Calls.Add("Destroy()");
}
