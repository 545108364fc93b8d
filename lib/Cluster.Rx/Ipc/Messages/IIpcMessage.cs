using System.Text.Json;

namespace Cluster.Rx.Ipc;

/// <summary>
/// An IPC message that encodes itself as a JSON object with camelCase names and reads itself from one, by hand on
/// <see cref="Utf8JsonWriter"/> and <see cref="Utf8JsonReader"/>: a worker writes its Hello and reads its options
/// before it serves, and building System.Text.Json's serializer metadata for them cost a replaced worker ~20 ms of
/// its start (bench/README.md). Names ignored by a reader and defaults for missing ones keep a master and workers of
/// different builds talking (a roll starts the build on disk).
/// </summary>
/// <typeparam name="TSelf">The message type itself.</typeparam>
internal interface IIpcMessage<TSelf>
    where TSelf : IIpcMessage<TSelf>
{
    /// <summary>Writes the message's properties; the caller writes the object around them.</summary>
    void WriteProperties(Utf8JsonWriter writer);

    /// <summary>The message that <paramref name="fields"/> (a JSON object's properties) describe.</summary>
    /// <exception cref="JsonException">A property it needs is missing or of another kind.</exception>
    static abstract TSelf Read(IpcFields fields);
}
