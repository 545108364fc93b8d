using System.Text.Json;

namespace Cluster.Rx.Ipc;

/// <summary>Master to worker: the settings a worker applies.</summary>
/// <param name="TimeoutMs">The graceful-shutdown limit (<c>timeout</c>), in milliseconds.</param>
/// <param name="Title">The worker's process title, <c>{n}</c> standing for its id.</param>
/// <param name="User">The user to switch to once it holds the socket; null to keep the master's.</param>
/// <param name="Group">The group to switch to once it holds the socket; null to keep the master's.</param>
/// <param name="WorkingDirectory">The directory to work in.</param>
/// <param name="HeartbeatMs">How often the worker sends a <see cref="FrameType.Heartbeat"/>, in milliseconds; 0 to send none.</param>
/// <param name="MaxRequests"><c>max requests</c>: 0 for no limit.</param>
/// <param name="MaxRequestsJitter"><c>max requests jitter</c>: the worker draws its own limit in [MaxRequests, MaxRequests + MaxRequestsJitter].</param>
internal sealed record OptionsMessage(
    int TimeoutMs, string Title, string? User, string? Group, string WorkingDirectory, int HeartbeatMs = 0, long MaxRequests = 0, long MaxRequestsJitter = 0)
    : IIpcMessage<OptionsMessage>
{
    public static OptionsMessage Read(IpcFields fields) => new(
        fields.Int32("timeoutMs"),
        fields.String("title"),
        fields.NullableString("user"),
        fields.NullableString("group"),
        fields.String("workingDirectory"),
        fields.Int32("heartbeatMs", 0),
        fields.Int64("maxRequests", 0),
        fields.Int64("maxRequestsJitter", 0));

    public void WriteProperties(Utf8JsonWriter writer)
    {
        writer.WriteNumber("timeoutMs", TimeoutMs);
        writer.WriteString("title", Title);
        writer.WriteString("user", User);
        writer.WriteString("group", Group);
        writer.WriteString("workingDirectory", WorkingDirectory);
        writer.WriteNumber("heartbeatMs", HeartbeatMs);
        writer.WriteNumber("maxRequests", MaxRequests);
        writer.WriteNumber("maxRequestsJitter", MaxRequestsJitter);
    }
}
