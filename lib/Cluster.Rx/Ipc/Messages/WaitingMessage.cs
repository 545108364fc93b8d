using System.Text.Json;

namespace Cluster.Rx.Ipc;

/// <summary>Worker to master: shutting down, connections still open.</summary>
internal sealed record WaitingMessage(int Connections) : IIpcMessage<WaitingMessage>
{
    public static WaitingMessage Read(IpcFields fields) => new(fields.Int32("connections"));

    public void WriteProperties(Utf8JsonWriter writer) => writer.WriteNumber("connections", Connections);
}
