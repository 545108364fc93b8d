using System.Buffers;
using System.Text;
using Cluster.Rx.Specs.Ipc;

namespace Cluster.Rx.Specs;

public sealed class ReplLinesSpecs
{
    private const int Limit = 64;

    private static readonly string[] Sample = ["pids()", "echo('a b')", string.Empty, "kill 0 SIGTERM", "json help()", "é"];

    // CRLF and LF mixed, as telnet and nc send them.
    private static readonly byte[] SampleBytes = Encoding.UTF8.GetBytes("pids()\r\necho('a b')\n\r\nkill 0 SIGTERM\njson help()\r\né\n");

    [Fact]
    public void TryReadLine_ArgumentChecking()
    {
        var buffer = new ReadOnlySequence<byte>("x\n"u8.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => ReplLines.TryReadLine(ref buffer, 0, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReplLines.TryReadLine(ref buffer, -1, out _));
    }

    [Fact]
    public void TryReadLine_SeveralLines_ReturnsEachWithoutItsLineEnding()
    {
        var buffer = new ReadOnlySequence<byte>(SampleBytes);

        var lines = ReadAll(ref buffer);

        Assert.Equal(Sample, lines);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void TryReadLine_SplitInTwoSegmentsAtEveryOffset_GivesSameLines()
    {
        for (var offset = 0; offset <= SampleBytes.Length; offset++)
        {
            var buffer = Frames.Segmented(SampleBytes[..offset], SampleBytes[offset..]);

            var lines = ReadAll(ref buffer);

            Assert.True(Sample.SequenceEqual(lines), $"split at offset {offset}: [{string.Join("|", lines)}]");
            Assert.True(buffer.IsEmpty, $"bytes left over when split at offset {offset}");
        }
    }

    [Fact]
    public void TryReadLine_ArrivingInTwoReadsSplitAtEveryOffset_GivesSameLines_AndAHalfLineWaitsForItsRest()
    {
        // As the read loop sees it: take what the first read holds, keep the rest, append the second read.
        for (var offset = 0; offset <= SampleBytes.Length; offset++)
        {
            var first = new ReadOnlySequence<byte>(SampleBytes[..offset]);
            var lines = ReadAll(ref first);
            var kept = first.ToArray();
            Assert.DoesNotContain((byte)'\n', kept);
            var rest = Frames.Segmented(kept, SampleBytes[offset..]);
            lines.AddRange(ReadAll(ref rest));

            Assert.True(Sample.SequenceEqual(lines), $"split at offset {offset}: [{string.Join("|", lines)}]");
            Assert.True(rest.IsEmpty, $"bytes left over when split at offset {offset}");
        }
    }

    [Fact]
    public void TryReadLine_OneByteSegments_GivesSameLines()
    {
        var buffer = Frames.OneByteSegments(SampleBytes);

        Assert.Equal(Sample, ReadAll(ref buffer));
    }

    [Theory]
    [InlineData("")]
    [InlineData("pids(")]
    [InlineData("pids()\r")]
    public void TryReadLine_NoLineEndingYet_ReturnsFalseAndLeavesTheBuffer(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.False(ReplLines.TryReadLine(ref buffer, Limit, out _));

        Assert.Equal(bytes, buffer.ToArray());
    }

    [Fact]
    public void TryReadLine_LineOfExactlyTheLimit_IsTaken_WithOrWithoutCarriageReturn()
    {
        var line = new string('x', Limit);
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes($"{line}\r\n{line}\n"));
        var pending = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes($"{line}\r"));

        Assert.Equal([line, line], ReadAll(ref buffer));
        Assert.False(ReplLines.TryReadLine(ref pending, Limit, out _));
    }

    [Fact]
    public void TryReadLine_LineOverTheLimit_Throws_WhetherItsEndHasArrivedOrNot()
    {
        var complete = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(new string('x', Limit + 1) + "\n"));
        var unfinished = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(new string('x', Limit + 2)));

        var error = Assert.Throws<ReplLineTooLongException>(() => ReplLines.TryReadLine(ref complete, Limit, out _));
        Assert.Throws<ReplLineTooLongException>(() => ReplLines.TryReadLine(ref unfinished, Limit, out _));

        Assert.Equal(Limit, error.MaxLength);
        Assert.Equal($"the line is longer than {Limit} bytes, the most the console takes; this connection closes", error.Message);
    }

    [Fact]
    public void TryReadLine_LinesBeforeAnOverlongOne_AreTakenFirst()
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("pids()\n" + new string('x', Limit + 5)));

        Assert.True(ReplLines.TryReadLine(ref buffer, Limit, out var line));
        Assert.Equal("pids()", Encoding.ASCII.GetString(line.ToArray()));
        var rest = buffer;
        Assert.Throws<ReplLineTooLongException>(() => ReplLines.TryReadLine(ref rest, Limit, out _));
    }

    private static List<string> ReadAll(ref ReadOnlySequence<byte> buffer)
    {
        var lines = new List<string>();
        while (ReplLines.TryReadLine(ref buffer, Limit, out var line))
        {
            lines.Add(Encoding.UTF8.GetString(line.ToArray()));
        }

        return lines;
    }
}
