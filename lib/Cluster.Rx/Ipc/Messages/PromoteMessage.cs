using System.Text.Json;

namespace Cluster.Rx.Ipc;

/// <summary>Master to a standby: the worker id it takes from now on.</summary>
internal sealed record PromoteMessage(int Id) : IIpcMessage<PromoteMessage>
{
    public static PromoteMessage Read(IpcFields fields) => new(fields.Int32("id"));

    public void WriteProperties(Utf8JsonWriter writer) => writer.WriteNumber("id", Id);
}
