using System.IO.Pipelines;
using Cluster.Rx.Ipc;

namespace Cluster.Rx.Specs.Ipc;

/// <summary>Two in-memory pipes crossed into a pair of duplex ends, like the two ends of a socket.</summary>
internal sealed class PipePair
{
    public PipePair(PipeOptions? options = null)
    {
        options ??= new PipeOptions(useSynchronizationContext: false);
        var leftToRight = new Pipe(options);
        var rightToLeft = new Pipe(options);
        Left = new DuplexPipe(rightToLeft.Reader, leftToRight.Writer);
        Right = new DuplexPipe(leftToRight.Reader, rightToLeft.Writer);
    }

    public IDuplexPipe Left { get; }

    public IDuplexPipe Right { get; }
}
