namespace Cluster.Rx.Ipc;

/// <summary>The defaults of the IPC channel between the master and its workers, chosen in one place.</summary>
internal static class IpcDefaults
{
    /// <summary>
    /// The largest frame payload, in bytes, that an <see cref="IpcConnection"/> sends or accepts; a larger frame
    /// closes the channel with an <see cref="IpcProtocolException"/>. Defaults to 1 MiB.
    /// </summary>
    public const int MaxFrameSize = 1024 * 1024;
}
