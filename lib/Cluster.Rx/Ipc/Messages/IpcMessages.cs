using System.Buffers;
using System.Text.Json;

namespace Cluster.Rx.Ipc;

/// <summary>Encodes and decodes the JSON payloads of IPC frames (see <see cref="IIpcMessage{TSelf}"/>).</summary>
internal static class IpcMessages
{
    /// <summary><paramref name="message"/> as a JSON object, in UTF-8.</summary>
    public static byte[] Encode<T>(T message)
        where T : IIpcMessage<T>
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            message.WriteProperties(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Encodes <paramref name="message"/> and queues it on <paramref name="connection"/>.</summary>
    public static bool Send<T>(IpcConnection connection, FrameType type, T message)
        where T : IIpcMessage<T> =>
        connection.TrySend(type, Encode(message));

    /// <summary>Decodes a frame's payload; a payload that is not the expected JSON is a protocol error.</summary>
    /// <exception cref="IpcProtocolException">The payload is not valid JSON, not an object, or lacks what the message needs.</exception>
    public static T Read<T>(FrameType type, ReadOnlySequence<byte> payload)
        where T : IIpcMessage<T>
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            return T.Read(IpcFields.Parse(ref reader));
        }
        catch (JsonException e)
        {
            throw new IpcProtocolException($"IPC {type} frame is not a valid {typeof(T).Name}: {e.Message}");
        }
    }
}
