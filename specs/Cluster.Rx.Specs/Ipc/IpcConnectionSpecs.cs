using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Cluster.Rx.Ipc;

namespace Cluster.Rx.Specs.Ipc;

public sealed class IpcConnectionSpecs
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task IpcConnection_ArgumentChecking()
    {
        var pair = new PipePair();
        Assert.Throws<ArgumentNullException>(() => new IpcConnection(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IpcConnection(pair.Left, 0));

        await using var connection = new IpcConnection(pair.Left, maxFrameSize: 64);
        Assert.Throws<ArgumentNullException>(() => { _ = connection.RunAsync(null!); });
        Assert.Throws<ArgumentOutOfRangeException>(() => connection.TrySend((FrameType)0x2A, []));
        var oversized = Assert.Throws<ArgumentOutOfRangeException>(() => connection.TrySend(FrameType.Plugin, new byte[65]));
        Assert.Contains("IPC frame of 65 bytes exceeds the limit of 64 bytes", oversized.Message);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => connection.FlushAsync(TimeSpan.FromSeconds(-2)));
    }

    [Fact]
    public async Task IpcConnection_FramesSentEachWay_ArriveInOrder()
    {
        var pair = new PipePair();
        await using var left = new IpcConnection(pair.Left);
        await using var right = new IpcConnection(pair.Right);
        var atLeft = new ReceivedFrames();
        var atRight = new ReceivedFrames();
        var toRight = Frames.Sample();
        var toLeft = Frames.Sample().Reverse().ToArray();

        foreach (var (type, payload) in toRight)
        {
            Assert.True(left.TrySend(type, payload)); // queued before RunAsync
        }

        Task leftRun = left.RunAsync(atLeft.OnFrame);
        Task rightRun = right.RunAsync(atRight.OnFrame);
        foreach (var (type, payload) in toLeft)
        {
            Assert.True(right.TrySend(type, payload)); // sent while running
        }

        await atRight.WhenCount(toRight.Length).WaitAsync(Bound);
        await atLeft.WhenCount(toLeft.Length).WaitAsync(Bound);
        Frames.AssertSame(toRight, atRight.Snapshot());
        Frames.AssertSame(toLeft, atLeft.Snapshot());

        left.Close();
        await Task.WhenAll(leftRun, rightRun).WaitAsync(Bound);
    }

    [Fact]
    public async Task IpcConnection_TenThousandSmallFrames_ArriveCompleteAndInOrder()
    {
        const int count = 10_000;
        var pair = new PipePair();
        await using var sender = new IpcConnection(pair.Left);
        await using var receiver = new IpcConnection(pair.Right);
        var received = new ReceivedFrames();
        Task sending = sender.RunAsync((_, _) => { });
        Task receiving = receiver.RunAsync(received.OnFrame);

        var payload = new byte[4];
        for (int i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(payload, i);
            Assert.True(sender.TrySend(FrameType.Plugin, payload));
        }

        await received.WhenCount(count).WaitAsync(Bound);
        var frames = received.Snapshot();
        Assert.Equal(count, frames.Count);
        Assert.Equal(Enumerable.Range(0, count), frames.Select(f => BinaryPrimitives.ReadInt32LittleEndian(f.Payload)));

        sender.Close();
        await Task.WhenAll(sending, receiving).WaitAsync(Bound);
    }

    [Fact]
    public async Task IpcConnection_TrySendFromManyThreads_KeepsEachSendersOrder()
    {
        const int senders = 4;
        const int each = 2_500;
        var pair = new PipePair();
        await using var sender = new IpcConnection(pair.Left);
        await using var receiver = new IpcConnection(pair.Right);
        var received = new ReceivedFrames();
        Task sending = sender.RunAsync((_, _) => { });
        Task receiving = receiver.RunAsync(received.OnFrame);

        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(() =>
        {
            var payload = new byte[8];
            for (int i = 0; i < each; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(payload, s);
                BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(4), i);
                Assert.True(sender.TrySend(FrameType.Plugin, payload));
            }
        }))).WaitAsync(Bound);

        await received.WhenCount(senders * each).WaitAsync(Bound);
        var bySender = received.Snapshot()
            .Select(f => (Sender: BinaryPrimitives.ReadInt32LittleEndian(f.Payload), Seq: BinaryPrimitives.ReadInt32LittleEndian(f.Payload.AsSpan(4))))
            .GroupBy(f => f.Sender);
        Assert.Equal(senders, bySender.Count());
        Assert.All(bySender, g => Assert.Equal(Enumerable.Range(0, each), g.Select(f => f.Seq)));

        sender.Close();
        await Task.WhenAll(sending, receiving).WaitAsync(Bound);
    }

    [Fact]
    public async Task IpcConnection_OversizedFrame_ThrowsAndThePeerSeesTheEnd()
    {
        var pair = new PipePair();
        await using var sender = new IpcConnection(pair.Left, maxFrameSize: 4096);
        await using var receiver = new IpcConnection(pair.Right, maxFrameSize: 1024);
        var received = new ReceivedFrames();
        Assert.True(sender.TrySend(FrameType.Hello, [1]));
        Assert.True(sender.TrySend(FrameType.Plugin, new byte[2000]));

        Task sending = sender.RunAsync((_, _) => { });
        var error = await Assert.ThrowsAsync<IpcProtocolException>(() => receiver.RunAsync(received.OnFrame).WaitAsync(Bound));

        Assert.Equal("IPC frame of 2000 bytes exceeds the limit of 1024 bytes", error.Message);
        Assert.Single(received.Snapshot());
        await sending.WaitAsync(Bound);
        Assert.False(sender.TrySend(FrameType.Hello, [2]));
    }

    [Fact]
    public async Task IpcConnection_PeerClosesCleanly_RunAsyncCompletes()
    {
        var pair = new PipePair();
        await using var connection = new IpcConnection(pair.Right);
        var received = new ReceivedFrames();
        Task run = connection.RunAsync(received.OnFrame);

        await pair.Left.Output.WriteAsync(Frames.Encode(FrameType.Connected, []));
        await pair.Left.Output.CompleteAsync();

        await run.WaitAsync(Bound);
        Assert.Equal(FrameType.Connected, Assert.Single(received.Snapshot()).Type);
        Assert.False(connection.TrySend(FrameType.Stop, []));
    }

    [Fact]
    public async Task IpcConnection_OnFrameThrows_RunAsyncThrowsItAndThePeerSeesTheEnd()
    {
        var pair = new PipePair();
        await using var sender = new IpcConnection(pair.Left);
        await using var receiver = new IpcConnection(pair.Right);
        var thrown = new InvalidOperationException("handler failed");
        Assert.True(sender.TrySend(FrameType.Hello, [1]));

        Task sending = sender.RunAsync((_, _) => { });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => receiver.RunAsync((_, _) => throw thrown).WaitAsync(Bound));

        Assert.Same(thrown, error);
        await sending.WaitAsync(Bound);
    }

    [Fact]
    public async Task IpcConnection_CloseFromOnFrame_DeliversNoFurtherFrames()
    {
        var pair = new PipePair();
        await using var receiver = new IpcConnection(pair.Right);
        var received = new ReceivedFrames();
        await pair.Left.Output.WriteAsync(Frames.Stream(Frames.Sample())); // all in one read

        await receiver.RunAsync((type, payload) =>
        {
            received.OnFrame(type, payload);
            receiver.Close();
        }).WaitAsync(Bound);

        Assert.Single(received.Snapshot());
    }

    [Fact]
    public async Task IpcConnection_TrySendAfterClose_ReturnsFalse()
    {
        var pair = new PipePair();
        await using var idle = new IpcConnection(pair.Left);
        await using var running = new IpcConnection(pair.Right);
        Task run = running.RunAsync((_, _) => { });

        idle.Close();
        running.Close();

        Assert.False(idle.TrySend(FrameType.Hello, [1]));
        Assert.False(running.TrySend(FrameType.Hello, [1]));
        await run.WaitAsync(Bound);
        await idle.RunAsync((_, _) => { }).WaitAsync(Bound); // returns at once once closed
    }

    [Fact]
    public async Task IpcConnection_RunAsyncTwice_Throws()
    {
        await using var connection = new IpcConnection(new PipePair().Left);
        Task run = connection.RunAsync((_, _) => { });

        Assert.Throws<InvalidOperationException>(() => { _ = connection.RunAsync((_, _) => { }); });

        await connection.DisposeAsync();
        Assert.True(run.IsCompleted);
    }

    [Fact]
    public async Task IpcConnection_FlushAsync_WritesEveryQueuedFrameInOneFlush()
    {
        var pair = new PipePair();
        var output = new CountingPipeWriter(pair.Left.Output);
        await using var connection = new IpcConnection(new DuplexPipe(pair.Left.Input, output));
        var frames = Enumerable.Range(0, 1000).Select(i => (FrameType.Plugin, BitConverter.GetBytes((long)i))).ToArray();
        foreach (var (type, payload) in frames)
        {
            Assert.True(connection.TrySend(type, payload));
        }

        Task run = connection.RunAsync((_, _) => { });
        Assert.True(await connection.FlushAsync(Bound).WaitAsync(Bound));

        Assert.True(pair.Right.Input.TryRead(out ReadResult result)); // flushed: readable without waiting
        ReadOnlySequence<byte> buffer = result.Buffer;
        Frames.AssertSame(frames, Frames.ParseAll(ref buffer));
        pair.Right.Input.AdvanceTo(buffer.End);
        Assert.Equal(1, output.Flushes);

        connection.Close();
        await run.WaitAsync(Bound);
    }

    [Fact]
    public async Task IpcConnection_FlushAsyncWhenNotRunningOrClosed_ReturnsFalse()
    {
        await using var connection = new IpcConnection(new PipePair().Left);
        Assert.True(connection.TrySend(FrameType.Exception, [1]));

        Assert.False(await connection.FlushAsync(TimeSpan.Zero).WaitAsync(Bound));
        Task<bool> waiting = connection.FlushAsync(Timeout.InfiniteTimeSpan);
        connection.Close();

        Assert.False(await waiting.WaitAsync(Bound));
        Assert.False(await connection.FlushAsync(Bound).WaitAsync(Bound));
    }

    [Fact]
    public async Task IpcConnection_CloseWhileThePeerDoesNotRead_EndsRunAsync()
    {
        // The peer never reads: the send loop blocks on backpressure, and Close must still end it.
        var pair = new PipePair(new PipeOptions(pauseWriterThreshold: 1024, resumeWriterThreshold: 512, useSynchronizationContext: false));
        await using var connection = new IpcConnection(pair.Left);
        for (int i = 0; i < 100; i++)
        {
            Assert.True(connection.TrySend(FrameType.Plugin, new byte[100]));
        }

        Task run = connection.RunAsync((_, _) => { });
        Task<bool> flushing = connection.FlushAsync(Timeout.InfiniteTimeSpan);
        Assert.False(run.IsCompleted);

        connection.Close();

        await run.WaitAsync(Bound);
        Assert.False(await flushing.WaitAsync(Bound));
    }
}
