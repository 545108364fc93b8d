using System.Text;
using Cluster.Rx.Extensibility;
using Cluster.Rx.Internal;
using Cluster.Rx.Specs.Ipc;

namespace Cluster.Rx.Specs.Extensibility;

/// <summary>A worker's output becomes whole lines, however the pipe splits it.</summary>
public sealed class OutputPumpSpecs
{
    private static readonly Worker Worker = new(3, 300);

    [Fact]
    public async Task RunAsync_SplitAtEveryOffset_GivesTheSameLines()
    {
        var text = Encoding.UTF8.GetBytes("first\nsecond é\r\n\nlast without end");
        for (var split = 0; split <= text.Length; split++)
        {
            var lines = await PumpAsync(text[..split], text[split..]);

            Assert.Equal(["first", "second é", string.Empty, "last without end"], lines);
        }
    }

    [Fact]
    public async Task RunAsync_ALineLongerThanTheLimit_ArrivesInParts()
    {
        var text = Encoding.UTF8.GetBytes(new string('x', OutputPump.MaxLine + 10) + "\nnext\n");

        var lines = await PumpAsync(text);

        Assert.Equal([OutputPump.MaxLine, 10, 4], lines.Select(l => l.Length));
    }

    [Fact]
    public async Task RunAsync_NothingWritten_GivesNoLine()
    {
        Assert.Empty(await PumpAsync());
    }

    private static async Task<IReadOnlyList<string>> PumpAsync(params byte[][] chunks)
    {
        var router = new OutputRouter(new ClusterLog(TextWriter.Null), Stream.Null, Stream.Null);
        var lines = new List<string>();
        using var subscription = router.Observe("spec").Subscribe(o =>
        {
            Assert.Equal((Worker, OutputKind.Stderr), (o.Worker, o.Kind));
            lines.Add(o.Line);
        });

        await OutputPump.RunAsync(new ChunkedReadStream(chunks), Worker, OutputKind.Stderr, router);
        return lines;
    }
}
