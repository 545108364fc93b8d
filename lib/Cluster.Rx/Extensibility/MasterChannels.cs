using System.Buffers;
using System.Reactive.Concurrency;
using System.Text.Json.Serialization.Metadata;
using Cluster.Rx.Internal;
using Cluster.Rx.Ipc;
using Cluster.Rx.Supervision;

namespace Cluster.Rx.Extensibility;

/// <summary>The master's ends of the plugin channels: messages from workers are published on the master's loop.</summary>
internal sealed class MasterChannels
{
    private readonly IScheduler _scheduler;
    private readonly WorkerTable _workers;
    private readonly ClusterLog _log;
    private readonly ChannelTable<Worker> _table;

    public MasterChannels(IScheduler scheduler, WorkerTable workers, ClusterLog log)
    {
        _scheduler = scheduler;
        _workers = workers;
        _log = log;
        _table = new ChannelTable<Worker>(log);
    }

    public IPluginChannel<T> Open<T>(string name, JsonTypeInfo<T> type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return _table.Open<T, Channel<T>>(name, () => new Channel<T>(this, name, type));
    }

    /// <summary>A plugin frame from <paramref name="from"/>, on its IPC reader.</summary>
    public void Receive(Worker from, ReadOnlySequence<byte> payload) => _table.Receive(from, payload);

    public void Complete() => _table.Complete();

    private bool Send(Worker worker, byte[] frame) =>
        _workers.Find(worker.Id, worker.Pid) is { } process && process.TrySend(FrameType.Plugin, frame);

    private sealed class Channel<T>(MasterChannels owner, string name, JsonTypeInfo<T> type) : IPluginChannel<T>, ChannelTable<Worker>.IChannel
    {
        private readonly byte[] _name = PluginFrame.CheckName(name);
        private readonly Broadcast<PluginMessage<T>> _received = new(owner._log);

        public IObservable<PluginMessage<T>> Received => _received.Stream($"plugin channel '{name}'");

        public Type MessageType => typeof(T);

        public bool Send(int workerId, T message) =>
            owner._workers.Workers.FirstOrDefault(w => w.Id == workerId) is { } worker
            && owner.Send(worker, PluginFrame.Encode(_name, message, type));

        public void Broadcast(T message)
        {
            var frame = PluginFrame.Encode(_name, message, type);
            foreach (var worker in owner._workers.Workers)
            {
                owner.Send(worker, frame);
            }
        }

        public void Receive(Worker from, ReadOnlySequence<byte> json)
        {
            var message = new PluginMessage<T>(from, PluginFrame.Decode(json, type));
            owner._scheduler.Schedule(() => _received.Publish(message));
        }

        public void Complete() => owner._scheduler.Schedule(_received.Complete);
    }
}
