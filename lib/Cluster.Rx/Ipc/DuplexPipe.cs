using System.IO.Pipelines;

namespace Cluster.Rx.Ipc;

/// <summary>A reader and a writer paired as the <see cref="IDuplexPipe"/> an <see cref="IpcConnection"/> runs on.</summary>
internal sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    /// <inheritdoc />
    public PipeReader Input { get; } = input;

    /// <inheritdoc />
    public PipeWriter Output { get; } = output;
}
