using System.Text.Json;

namespace Cluster.Rx.Ipc;

/// <summary>Worker to master, first: who the worker is.</summary>
internal sealed record HelloMessage(int Id, int Pid) : IIpcMessage<HelloMessage>
{
    public static HelloMessage Read(IpcFields fields) => new(fields.Int32("id"), fields.Int32("pid"));

    public void WriteProperties(Utf8JsonWriter writer)
    {
        writer.WriteNumber("id", Id);
        writer.WriteNumber("pid", Pid);
    }
}
