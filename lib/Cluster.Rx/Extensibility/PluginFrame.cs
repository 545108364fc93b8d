using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Cluster.Rx.Extensibility;

/// <summary>
/// The payload of an IPC plugin frame: the channel's name (one length byte, then UTF-8), then the message as JSON.
/// </summary>
internal static class PluginFrame
{
    /// <summary>The longest channel name, in UTF-8 bytes.</summary>
    public const int MaxName = 200;

    /// <exception cref="ArgumentException">The name is empty or too long.</exception>
    public static byte[] CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var bytes = Encoding.UTF8.GetBytes(name);
        return bytes.Length <= MaxName
            ? bytes
            : throw new ArgumentException($"plugin channel name '{name}' is {bytes.Length} bytes in UTF-8; the limit is {MaxName}", nameof(name));
    }

    public static byte[] Encode<T>(byte[] name, T message, JsonTypeInfo<T> type)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(message, type);
        var frame = new byte[1 + name.Length + json.Length];
        frame[0] = (byte)name.Length;
        name.CopyTo(frame, 1);
        json.CopyTo(frame, 1 + name.Length);
        return frame;
    }

    /// <summary>Splits a payload into its channel name and JSON; false when it is too short to hold its name.</summary>
    public static bool TryDecode(ReadOnlySequence<byte> payload, out string name, out ReadOnlySequence<byte> json)
    {
        name = string.Empty;
        json = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        var length = payload.FirstSpan[0];
        if (payload.Length < 1 + length)
        {
            return false;
        }

        name = Encoding.UTF8.GetString(payload.Slice(1, length));
        json = payload.Slice(1 + length);
        return true;
    }

    /// <summary>The message, or an exception when the JSON does not fit the type.</summary>
    public static T Decode<T>(ReadOnlySequence<byte> json, JsonTypeInfo<T> type)
    {
        var reader = new Utf8JsonReader(json);
        return JsonSerializer.Deserialize(ref reader, type) ?? throw new JsonException($"null is not a {typeof(T).Name}");
    }
}
