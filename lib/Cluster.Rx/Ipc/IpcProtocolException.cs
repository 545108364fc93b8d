namespace Cluster.Rx.Ipc;

/// <summary>
/// The bytes on an IPC channel are not a valid frame stream: a frame is larger than the limit, has an unknown
/// type, or the stream ended in the middle of a frame. The channel that raised it is closed; others are unaffected.
/// </summary>
internal sealed class IpcProtocolException : Exception
{
    /// <summary>Creates the exception with a message that names the bad value and the limit or valid values.</summary>
    public IpcProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public IpcProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
