using System.IO.Pipes;
using System.Text;
using Cluster.Rx.Extensibility;
using Cluster.Rx.Internal;

namespace Cluster.Rx.Specs.Extensibility;

/// <summary>The reader of workers' output, on real pipes: every line, in order per pipe, and each pipe done at its end.</summary>
public sealed class OutputReaderSpecs
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Add_TwoPipesWrittenLineByLine_EveryLineArrivesInOrder_AndEachIsDoneWhenItsWriterCloses()
    {
        var router = new OutputRouter(new ClusterLog(TextWriter.Null), Stream.Null, Stream.Null);
        var lines = new List<WorkerOutput>();
        using var subscription = router.Observe("spec").Subscribe(lines.Add);
        using var sut = new OutputReader(router, TimeSpan.FromMilliseconds(10), new ClusterLog(TextWriter.Null));
        var (outRead, outWrite) = Pipe();
        var (errRead, errWrite) = Pipe();

        var outDone = sut.Add(outRead, new Worker(0, 100), OutputKind.Stdout);
        var errDone = sut.Add(errRead, new Worker(1, 101), OutputKind.Stderr);
        for (var i = 0; i < 2000; i++)
        {
            outWrite.Write(Encoding.UTF8.GetBytes($"out {i}\n"));
            errWrite.Write(Encoding.UTF8.GetBytes(i % 2 == 0 ? $"err {i}\n" : $"err {i}"));
        }

        outWrite.Dispose();
        errWrite.Dispose();
        await Task.WhenAll(outDone, errDone).WaitAsync(Bound);

        Assert.Equal(Enumerable.Range(0, 2000).Select(i => $"out {i}"), lines.Where(l => l.Worker.Id == 0).Select(l => l.Line));
        string[] errors = ["err 0", .. Enumerable.Range(1, 999).Select(i => $"err {(2 * i) - 1}err {2 * i}"), "err 1999"];
        Assert.Equal(errors, lines.Where(l => l.Kind == OutputKind.Stderr).Select(l => l.Line));
    }

    [Fact]
    public async Task Add_APipeThatEnds_DoesNotHoldBackTheEndOfTheNext_ForTheBatchDelay()
    {
        // A dying worker closes its stdout and its stderr one after the other; the master learns of its death once
        // both have ended. The batch delay is an hour here: waiting it after the first end would never finish.
        var router = new OutputRouter(new ClusterLog(TextWriter.Null), Stream.Null, Stream.Null);
        using var subscription = router.Observe("spec").Subscribe(_ => { });
        using var sut = new OutputReader(router, TimeSpan.FromHours(1), new ClusterLog(TextWriter.Null));
        var (outRead, outWrite) = Pipe();
        var (errRead, errWrite) = Pipe();
        var outDone = sut.Add(outRead, new Worker(0, 100), OutputKind.Stdout);
        var errDone = sut.Add(errRead, new Worker(0, 100), OutputKind.Stderr);

        outWrite.Dispose();
        await outDone.WaitAsync(Bound);
        errWrite.Dispose();

        await errDone.WaitAsync(Bound);
    }

    [Fact]
    public async Task Dispose_WithWritersStillOpen_HandsOverWhatWasWritten_AndCompletesEveryPipe()
    {
        var router = new OutputRouter(new ClusterLog(TextWriter.Null), Stream.Null, Stream.Null);
        var lines = new List<string>();
        using var subscription = router.Observe("spec").Subscribe(l => lines.Add(l.Line));
        var sut = new OutputReader(router, TimeSpan.FromMilliseconds(10), new ClusterLog(TextWriter.Null));
        var (read, write) = Pipe();
        using var writer = write;
        var done = sut.Add(read, new Worker(0, 100), OutputKind.Stdout);
        write.Write("last words\n"u8);

        sut.Dispose();
        await done.WaitAsync(Bound);

        Assert.Equal(["last words"], lines);
        Assert.True(sut.Add(Pipe().Read, new Worker(1, 101), OutputKind.Stdout).IsCompleted);
    }

    private static (PipeStream Read, PipeStream Write) Pipe()
    {
        var read = new AnonymousPipeServerStream(PipeDirection.In);
        var write = new AnonymousPipeClientStream(PipeDirection.Out, read.ClientSafePipeHandle);
        return (read, write);
    }
}
