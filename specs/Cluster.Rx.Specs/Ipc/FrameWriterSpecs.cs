using System.Buffers;
using System.IO.Pipelines;
using Cluster.Rx.Ipc;

namespace Cluster.Rx.Specs.Ipc;

public sealed class FrameWriterSpecs
{
    [Fact]
    public void FrameWriter_ArgumentChecking()
    {
        Assert.Throws<ArgumentNullException>(() => FrameWriter.WriteFrame(null!, FrameType.Hello, []));
    }

    [Fact]
    public void FrameWriter_OneFrame_WritesLittleEndianLengthThenTypeThenPayload()
    {
        var output = new ArrayBufferWriter<byte>();

        FrameWriter.WriteFrame(output, FrameType.Waiting, [0xAA, 0xBB]);

        Assert.Equal(new byte[] { 2, 0, 0, 0, (byte)FrameType.Waiting, 0xAA, 0xBB }, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void FrameWriter_RoundTrip_ThroughTheParser()
    {
        var frames = Frames.Sample().Append((FrameType.Plugin, new byte[100_000])).ToArray();
        var output = new ArrayBufferWriter<byte>();

        foreach (var (type, payload) in frames)
        {
            FrameWriter.WriteFrame(output, type, payload);
        }

        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory);
        Frames.AssertSame(frames, Frames.ParseAll(ref buffer));
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public async Task FrameWriter_PayloadLargerThanOneSegment_RoundTripsThroughAPipe()
    {
        var pipe = new Pipe(new PipeOptions(minimumSegmentSize: 512, pauseWriterThreshold: 0, useSynchronizationContext: false));
        byte[] large = Enumerable.Range(0, 20_000).Select(i => (byte)(i * 7)).ToArray();
        var frames = new[] { (FrameType.Hello, new byte[] { 1 }), (FrameType.Plugin, large), (FrameType.Stop, Array.Empty<byte>()) };

        foreach (var (type, payload) in frames)
        {
            FrameWriter.WriteFrame(pipe.Writer, type, payload);
        }

        await pipe.Writer.CompleteAsync();
        ReadResult result = await pipe.Reader.ReadAtLeastAsync(int.MaxValue).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        ReadOnlySequence<byte> buffer = result.Buffer;
        var parsed = Frames.ParseAll(ref buffer);
        pipe.Reader.AdvanceTo(buffer.End);

        Frames.AssertSame(frames, parsed);
    }
}
