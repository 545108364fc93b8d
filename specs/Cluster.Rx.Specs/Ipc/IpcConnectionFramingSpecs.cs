using System.IO.Pipelines;
using Cluster.Rx.Ipc;

namespace Cluster.Rx.Specs.Ipc;

/// <summary>IpcConnection's receive loop fed raw bytes in given splits (each chunk one read).</summary>
public sealed class IpcConnectionFramingSpecs
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task IpcConnection_RawBytesSplitAtEveryOffset_ArriveAsTheSameFrames()
    {
        var frames = Frames.Sample();
        byte[] bytes = Frames.Stream(frames);

        for (int offset = 0; offset <= bytes.Length; offset++)
        {
            var (received, error) = await ReceiveAsync(bytes[..offset], bytes[offset..]);

            Assert.Null(error);
            Frames.AssertSame(frames, received);
        }
    }

    [Fact]
    public async Task IpcConnection_RawBytesOneByteAtATime_ArriveAsTheSameFrames()
    {
        var frames = Frames.Sample();

        var (received, error) = await ReceiveAsync(Frames.Stream(frames).Select(b => new[] { b }).ToArray());

        Assert.Null(error);
        Frames.AssertSame(frames, received);
    }

    [Fact]
    public async Task IpcConnection_StreamEndingAtEveryOffset_EndsCleanlyOnlyAtFrameBoundaries()
    {
        var frames = Frames.Sample();
        byte[] bytes = Frames.Stream(frames);
        var boundaries = new HashSet<int> { 0 };
        foreach (var frame in frames)
        {
            boundaries.Add(boundaries.Max() + FrameParser.HeaderSize + frame.Payload.Length);
        }

        for (int end = 0; end <= bytes.Length; end++)
        {
            var (received, error) = await ReceiveAsync(bytes[..end]);

            if (boundaries.Contains(end))
            {
                Assert.Null(error);
            }
            else
            {
                var protocolError = Assert.IsType<IpcProtocolException>(error);
                Assert.StartsWith("IPC channel ended in the middle of a frame", protocolError.Message);
            }

            Assert.Equal(boundaries.Count(b => b > 0 && b <= end), received.Count);
        }
    }

    [Fact]
    public async Task IpcConnection_UnknownFrameType_Throws()
    {
        var (_, error) = await ReceiveAsync([.. Frames.Header(1, 0x2A), 0]);

        var protocolError = Assert.IsType<IpcProtocolException>(error);
        Assert.StartsWith("unknown IPC frame type 0x2A", protocolError.Message);
    }

    private static async Task<(List<(FrameType Type, byte[] Payload)> Frames, Exception? Error)> ReceiveAsync(params byte[][] chunks)
    {
        var received = new ReceivedFrames();
        var transport = new DuplexPipe(PipeReader.Create(new ChunkedReadStream(chunks)), new Pipe().Writer);
        await using var connection = new IpcConnection(transport);
        Exception? error = await Record.ExceptionAsync(() => connection.RunAsync(received.OnFrame).WaitAsync(Bound));
        return (received.Snapshot(), error);
    }
}
