using System.Buffers;
using System.Text.Json;
using Cluster.Rx.Internal;

namespace Cluster.Rx.Extensibility;

/// <summary>
/// One side's plugin channels by name: opens each once (the same name with another message type is an error),
/// routes each received frame to its channel, and completes them all when the IPC side ends. A frame for a channel
/// this side has not opened is dropped: the plugin may be used on one side only.
/// </summary>
internal sealed class ChannelTable<TFrom>(ClusterLog log)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IChannel> _channels = new(StringComparer.Ordinal);

    /// <summary>A channel's receiving end.</summary>
    public interface IChannel
    {
        Type MessageType { get; }

        /// <exception cref="JsonException">The JSON does not fit the channel's type.</exception>
        void Receive(TFrom from, ReadOnlySequence<byte> json);

        void Complete();
    }

    /// <exception cref="ArgumentException">The name is taken by a channel of another type.</exception>
    public TChannel Open<T, TChannel>(string name, Func<TChannel> create)
        where TChannel : IChannel
    {
        PluginFrame.CheckName(name);
        lock (_gate)
        {
            if (!_channels.TryGetValue(name, out var channel))
            {
                channel = create();
                _channels.Add(name, channel);
            }

            return channel is TChannel typed
                ? typed
                : throw new ArgumentException($"plugin channel '{name}' is open already for messages of type {channel.MessageType.Name}, not {typeof(T).Name}; give each channel its own name", nameof(name));
        }
    }

    public void Receive(TFrom from, ReadOnlySequence<byte> payload)
    {
        if (!PluginFrame.TryDecode(payload, out var name, out var json))
        {
            log.Write(LogEvents.PluginFrameTooShort, from);
            return;
        }

        IChannel? channel;
        lock (_gate)
        {
            channel = _channels.GetValueOrDefault(name);
        }

        try
        {
            channel?.Receive(from, json);
        }
        catch (JsonException e)
        {
            log.Write(LogEvents.PluginMessageInvalid, name, from, channel!.MessageType.Name, e.Message);
        }
    }

    public void Complete()
    {
        List<IChannel> channels;
        lock (_gate)
        {
            channels = [.. _channels.Values];
        }

        foreach (var channel in channels)
        {
            channel.Complete();
        }
    }
}
