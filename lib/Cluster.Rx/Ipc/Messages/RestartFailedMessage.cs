using System.Text.Json;

namespace Cluster.Rx.Ipc;

/// <summary>Replacement master to the master it replaces: why the restart failed, and the last worker exception it saw.</summary>
internal sealed record RestartFailedMessage(string Reason, int? WorkerId, int? WorkerPid, ExceptionMessage? Exception)
    : IIpcMessage<RestartFailedMessage>
{
    public static RestartFailedMessage Read(IpcFields fields) => new(
        fields.String("reason"),
        fields.NullableInt32("workerId"),
        fields.NullableInt32("workerPid"),
        fields.Object("exception") is { } exception ? ExceptionMessage.Read(exception) : null);

    public void WriteProperties(Utf8JsonWriter writer)
    {
        writer.WriteString("reason", Reason);
        WriteNullable(writer, "workerId", WorkerId);
        WriteNullable(writer, "workerPid", WorkerPid);
        writer.WritePropertyName("exception");
        if (Exception is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStartObject();
            Exception.WriteProperties(writer);
            writer.WriteEndObject();
        }
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
