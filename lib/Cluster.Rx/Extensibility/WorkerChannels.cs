using System.Buffers;
using System.Text.Json.Serialization.Metadata;
using Cluster.Rx.Internal;
using Cluster.Rx.Ipc;

namespace Cluster.Rx.Extensibility;

/// <summary>A worker's ends of the plugin channels: messages from the master are published on the IPC reader.</summary>
internal sealed class WorkerChannels(IpcConnection connection, ClusterLog log)
{
    private readonly ChannelTable<string> _table = new(log);

    public IMasterChannel<T> Open<T>(string name, JsonTypeInfo<T> type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return _table.Open<T, Channel<T>>(name, () => new Channel<T>(connection, name, type, log));
    }

    /// <summary>A plugin frame from the master, on the IPC reader.</summary>
    public void Receive(ReadOnlySequence<byte> payload) => _table.Receive("the master", payload);

    public void Complete() => _table.Complete();

    private sealed class Channel<T>(IpcConnection connection, string name, JsonTypeInfo<T> type, ClusterLog log) : IMasterChannel<T>, ChannelTable<string>.IChannel
    {
        private readonly byte[] _name = PluginFrame.CheckName(name);
        private readonly Broadcast<T> _received = new(log);

        public IObservable<T> Received => _received.Stream($"plugin channel '{name}'");

        public Type MessageType => typeof(T);

        public bool Send(T message) => connection.TrySend(FrameType.Plugin, PluginFrame.Encode(_name, message, type));

        public void Receive(string from, ReadOnlySequence<byte> json) => _received.Publish(PluginFrame.Decode(json, type));

        public void Complete() => _received.Complete();
    }
}
