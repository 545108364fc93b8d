using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Cluster.Rx.Ipc;

/// <summary>JSON payloads of IPC frames, source-generated (no reflection at run time).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HelloMessage))]
[JsonSerializable(typeof(OptionsMessage))]
[JsonSerializable(typeof(ExceptionMessage))]
[JsonSerializable(typeof(WaitingMessage))]
[JsonSerializable(typeof(RestartFailedMessage))]
[JsonSerializable(typeof(PromoteMessage))]
[JsonSerializable(typeof(RecycleMessage))]
internal sealed partial class IpcJson : JsonSerializerContext
{
    /// <summary>Encodes <paramref name="message"/> and queues it on <paramref name="connection"/>.</summary>
    public static bool Send<T>(IpcConnection connection, FrameType type, T message, JsonTypeInfo<T> info) =>
        connection.TrySend(type, JsonSerializer.SerializeToUtf8Bytes(message, info));

    /// <summary>Decodes a frame's payload; a payload that is not the expected JSON is a protocol error.</summary>
    public static T Read<T>(FrameType type, ReadOnlySequence<byte> payload, JsonTypeInfo<T> info)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            return JsonSerializer.Deserialize(ref reader, info)
                ?? throw new IpcProtocolException($"IPC {type} frame carries null instead of a {typeof(T).Name}");
        }
        catch (JsonException e)
        {
            throw new IpcProtocolException($"IPC {type} frame is not a valid {typeof(T).Name}: {e.Message}");
        }
    }
}
