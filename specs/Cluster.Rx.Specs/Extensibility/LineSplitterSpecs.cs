using System.Text;
using Cluster.Rx.Extensibility;

namespace Cluster.Rx.Specs.Extensibility;

/// <summary>A worker's output becomes whole lines, however the reads split it.</summary>
public sealed class LineSplitterSpecs
{
    private static readonly Worker Worker = new(3, 300);

    [Fact]
    public void Add_SplitAtEveryOffset_GivesTheSameLines()
    {
        var text = Encoding.UTF8.GetBytes("first\nsecond é\r\n\nlast without end");
        for (var split = 0; split <= text.Length; split++)
        {
            Assert.Equal(["first", "second é", string.Empty, "last without end"], Split(text[..split], text[split..]));
        }
    }

    [Fact]
    public void Add_ALineLongerThanTheLimit_ArrivesInParts_WhereverTheReadsEnd()
    {
        var text = Encoding.UTF8.GetBytes(new string('x', LineSplitter.MaxLine + 10) + "\nnext\n");
        foreach (var split in new[] { 1, LineSplitter.MaxLine - 1, LineSplitter.MaxLine, LineSplitter.MaxLine + 1, LineSplitter.MaxLine + 10 })
        {
            Assert.Equal([LineSplitter.MaxLine, 10, 4], Split(text[..split], text[split..]).Select(l => l.Length));
        }
    }

    [Fact]
    public void Add_ALineOfExactlyTheLimit_IsOneLine_EvenWhenItsEndComesInTheNextRead()
    {
        var text = Encoding.UTF8.GetBytes(new string('y', LineSplitter.MaxLine) + "\n");

        Assert.Equal([LineSplitter.MaxLine], Split(text[..^1], text[^1..]).Select(l => l.Length));
    }

    [Fact]
    public void End_NothingWritten_GivesNoLine()
    {
        Assert.Empty(Split());
    }

    private static IReadOnlyList<string> Split(params byte[][] reads)
    {
        var sut = new LineSplitter(Worker, OutputKind.Stderr);
        var lines = new List<WorkerOutput>();
        foreach (var read in reads)
        {
            sut.Add(read, lines);
        }

        sut.End(lines);
        Assert.All(lines, l => Assert.Equal((Worker, OutputKind.Stderr), (l.Worker, l.Kind)));
        return [.. lines.Select(l => l.Line)];
    }
}
