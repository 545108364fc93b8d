using System.Text.Json;

namespace Cluster.Rx.Ipc;

/// <summary>Worker to master: an unhandled exception.</summary>
internal sealed record ExceptionMessage(string Type, string Message, string StackTrace) : IIpcMessage<ExceptionMessage>
{
    public static ExceptionMessage Read(IpcFields fields) =>
        new(fields.String("type"), fields.String("message"), fields.String("stackTrace"));

    public void WriteProperties(Utf8JsonWriter writer)
    {
        writer.WriteString("type", Type);
        writer.WriteString("message", Message);
        writer.WriteString("stackTrace", StackTrace);
    }
}
