using System.Text.Json;

namespace Cluster.Rx.Ipc;

/// <summary>
/// The properties of one JSON object in an IPC frame, by name (ordinal): integers, strings, nulls and nested objects.
/// Properties no message reads — of any kind — are skipped, so a newer peer may send more than this build knows.
/// </summary>
internal sealed class IpcFields
{
    private static readonly object Null = new();
    private static readonly object Other = new();

    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);

    private IpcFields()
    {
    }

    /// <summary>Reads the object that starts at the reader's next token; nothing may follow it.</summary>
    /// <exception cref="JsonException">The JSON is not valid, or it is not an object.</exception>
    public static IpcFields Parse(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"expected a JSON object, not {reader.TokenType}");
        }

        var fields = ReadObject(ref reader);

        // The reader itself rejects anything but white space after the object.
        reader.Read();
        return fields;
    }

    /// <summary>A required integer.</summary>
    public int Int32(string name) => NullableInt32(name) ?? throw Missing(name, "an integer");

    /// <summary>An integer; <paramref name="fallback"/> when it is missing or null.</summary>
    public int Int32(string name, int fallback) => NullableInt32(name) ?? fallback;

    /// <summary>An integer that may be missing or null.</summary>
    public int? NullableInt32(string name) =>
        NullableInt64(name) is not { } value ? null
        : value is >= int.MinValue and <= int.MaxValue ? (int)value
        : throw new JsonException($"property '{name}' is {value}, out of the range of a 32-bit integer");

    /// <summary>A required integer of 64 bits.</summary>
    public long Int64(string name) => NullableInt64(name) ?? throw Missing(name, "an integer");

    /// <summary>An integer of 64 bits; <paramref name="fallback"/> when it is missing or null.</summary>
    public long Int64(string name, long fallback) => NullableInt64(name) ?? fallback;

    /// <summary>An integer of 64 bits that may be missing or null.</summary>
    public long? NullableInt64(string name) => Value(name) switch
    {
        null => null,
        long value => value,
        var other when other == Null => null,
        _ => throw Wrong(name, "an integer"),
    };

    /// <summary>A required string.</summary>
    public string String(string name) => NullableString(name) ?? throw Missing(name, "a string");

    /// <summary>A string that may be null or missing.</summary>
    public string? NullableString(string name) => Value(name) switch
    {
        null => null,
        string value => value,
        var other when other == Null => null,
        _ => throw Wrong(name, "a string"),
    };

    /// <summary>A nested object that may be null or missing.</summary>
    public IpcFields? Object(string name) => Value(name) switch
    {
        null => null,
        IpcFields value => value,
        var other when other == Null => null,
        _ => throw Wrong(name, "an object"),
    };

    private object? Value(string name) => _values.GetValueOrDefault(name);

    private static JsonException Missing(string name, string kind) => new($"property '{name}' ({kind}) is missing or null");

    private static JsonException Wrong(string name, string kind) => new($"property '{name}' is not {kind}");

    private static IpcFields ReadObject(ref Utf8JsonReader reader)
    {
        var fields = new IpcFields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            fields._values[name] = reader.TokenType switch
            {
                JsonTokenType.Number => reader.TryGetInt64(out var number) ? number : Other,
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.Null => Null,
                JsonTokenType.StartObject => ReadObject(ref reader),
                _ => Skip(ref reader),
            };
        }

        return fields;
    }

    private static object Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return Other;
    }
}
