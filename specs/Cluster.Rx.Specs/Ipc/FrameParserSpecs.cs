using System.Buffers;
using Cluster.Rx.Ipc;

namespace Cluster.Rx.Specs.Ipc;

public sealed class FrameParserSpecs
{
    private const int Limit = 1024 * 1024;

    [Fact]
    public void FrameParser_ArgumentChecking()
    {
        var buffer = new ReadOnlySequence<byte>(Frames.Encode(FrameType.Hello, [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameParser.TryParseFrame(ref buffer, 0, out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameParser.TryParseFrame(ref buffer, -1, out _, out _));
    }

    [Fact]
    public void FrameParser_OneFrame_ReturnsTypeAndPayloadAndConsumesIt()
    {
        var buffer = new ReadOnlySequence<byte>(Frames.Encode(FrameType.Options, [10, 20, 30]));

        Assert.True(FrameParser.TryParseFrame(ref buffer, Limit, out FrameType type, out ReadOnlySequence<byte> payload));

        Assert.Equal(FrameType.Options, type);
        Assert.Equal(new byte[] { 10, 20, 30 }, payload.ToArray());
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void FrameParser_SeveralFramesInOneBuffer_ReturnsEachInOrder()
    {
        var frames = Frames.Sample();
        var buffer = new ReadOnlySequence<byte>(Frames.Stream(frames));

        var parsed = Frames.ParseAll(ref buffer);

        Frames.AssertSame(frames, parsed);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void FrameParser_StreamSplitInTwoSegmentsAtEveryOffset_GivesSameFrames()
    {
        var frames = Frames.Sample();
        byte[] bytes = Frames.Stream(frames);

        for (int offset = 0; offset <= bytes.Length; offset++)
        {
            ReadOnlySequence<byte> buffer = Frames.Segmented(bytes[..offset], bytes[offset..]);

            var parsed = Frames.ParseAll(ref buffer);

            Frames.AssertSame(frames, parsed);
            Assert.True(buffer.IsEmpty, $"bytes left over when split at offset {offset}");
        }
    }

    [Fact]
    public void FrameParser_StreamArrivingInTwoReadsSplitAtEveryOffset_GivesSameFrames()
    {
        // As a read loop sees it: parse what the first read holds, keep the rest, append the second read.
        var frames = Frames.Sample();
        byte[] bytes = Frames.Stream(frames);

        for (int offset = 0; offset <= bytes.Length; offset++)
        {
            var first = new ReadOnlySequence<byte>(bytes[..offset]);
            var parsed = Frames.ParseAll(ref first);
            ReadOnlySequence<byte> rest = Frames.Segmented(first.ToArray(), bytes[offset..]);
            parsed.AddRange(Frames.ParseAll(ref rest));

            Frames.AssertSame(frames, parsed);
            Assert.True(rest.IsEmpty, $"bytes left over when split at offset {offset}");
        }
    }

    [Fact]
    public void FrameParser_StreamOfOneByteSegments_GivesSameFrames()
    {
        var frames = Frames.Sample();
        ReadOnlySequence<byte> buffer = Frames.OneByteSegments(Frames.Stream(frames));

        var parsed = Frames.ParseAll(ref buffer);

        Frames.AssertSame(frames, parsed);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void FrameParser_EmptyPayload_ReturnsEmptyFrame()
    {
        var buffer = new ReadOnlySequence<byte>(Frames.Encode(FrameType.Stop, []));

        Assert.True(FrameParser.TryParseFrame(ref buffer, Limit, out FrameType type, out ReadOnlySequence<byte> payload));

        Assert.Equal(FrameType.Stop, type);
        Assert.True(payload.IsEmpty);
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void FrameParser_TruncatedHeader_ReturnsFalseAndLeavesBuffer(int length)
    {
        byte[] bytes = Frames.Encode(FrameType.Hello, [1, 2])[..length];
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.False(FrameParser.TryParseFrame(ref buffer, Limit, out _, out _));

        Assert.Equal(bytes, buffer.ToArray());
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(104)]
    public void FrameParser_TruncatedPayload_ReturnsFalseAndLeavesBuffer(int length)
    {
        byte[] bytes = Frames.Encode(FrameType.Plugin, new byte[100])[..length];
        var buffer = Frames.OneByteSegments(bytes);

        Assert.False(FrameParser.TryParseFrame(ref buffer, Limit, out _, out _));

        Assert.Equal(bytes, buffer.ToArray());
    }

    [Fact]
    public void FrameParser_OversizedLength_ThrowsNamingTheSizeAndTheLimit()
    {
        // Only the header has arrived: the parser must not wait for five megabytes to refuse them.
        var buffer = new ReadOnlySequence<byte>(Frames.Header(5_000_000, (byte)FrameType.Plugin));

        var error = Assert.Throws<IpcProtocolException>(() => FrameParser.TryParseFrame(ref buffer, Limit, out _, out _));

        Assert.Equal("IPC frame of 5000000 bytes exceeds the limit of 1048576 bytes", error.Message);
    }

    [Fact]
    public void FrameParser_NegativeLength_Throws()
    {
        var buffer = new ReadOnlySequence<byte>(Frames.Header(-1, (byte)FrameType.Hello));

        var error = Assert.Throws<IpcProtocolException>(() => FrameParser.TryParseFrame(ref buffer, Limit, out _, out _));

        Assert.Contains("negative length (-1 bytes)", error.Message);
    }

    [Theory]
    [InlineData(0x00, "0x00")]
    [InlineData(0x2A, "0x2A")]
    [InlineData(0xFF, "0xFF")]
    public void FrameParser_UnknownType_ThrowsNamingTheType(byte type, string shown)
    {
        var buffer = new ReadOnlySequence<byte>([.. Frames.Header(1, type), 7]);

        var error = Assert.Throws<IpcProtocolException>(() => FrameParser.TryParseFrame(ref buffer, Limit, out _, out _));

        Assert.StartsWith($"unknown IPC frame type {shown}", error.Message);
        Assert.Contains("0x01 (Hello)", error.Message);
    }

    [Fact]
    public void FrameParser_LengthOfExactlyMaxFrameSize_IsAccepted()
    {
        var buffer = new ReadOnlySequence<byte>(Frames.Encode(FrameType.Plugin, new byte[64]));

        Assert.True(FrameParser.TryParseFrame(ref buffer, 64, out _, out ReadOnlySequence<byte> payload));

        Assert.Equal(64, payload.Length);
    }

    [Fact]
    public void FrameParser_LengthOneOverMaxFrameSize_Throws()
    {
        var buffer = new ReadOnlySequence<byte>(Frames.Encode(FrameType.Plugin, new byte[65]));

        var error = Assert.Throws<IpcProtocolException>(() => FrameParser.TryParseFrame(ref buffer, 64, out _, out _));

        Assert.Equal("IPC frame of 65 bytes exceeds the limit of 64 bytes", error.Message);
    }
}
