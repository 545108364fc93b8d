using System.Text.Json;

namespace Cluster.Rx.Ipc;

/// <summary>Worker to master: recycle me; I have served <paramref name="Requests"/> requests, my limit being <paramref name="Limit"/>.</summary>
internal sealed record RecycleMessage(long Requests, long Limit) : IIpcMessage<RecycleMessage>
{
    public static RecycleMessage Read(IpcFields fields) => new(fields.Int64("requests"), fields.Int64("limit"));

    public void WriteProperties(Utf8JsonWriter writer)
    {
        writer.WriteNumber("requests", Requests);
        writer.WriteNumber("limit", Limit);
    }
}
