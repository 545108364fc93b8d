using System.Buffers;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Cluster.Rx.Ipc;
using Cluster.Rx.Settings;

namespace Cluster.Rx.Bench;

/// <summary>
/// The IPC framing hot paths, 1,000 frames per operation: parsing from one buffer (contiguous, and cut into
/// 4 KiB segments as a socket read delivers them), writing into a pipe, and end to end through two
/// <see cref="IpcConnection"/>s over an in-memory pipe pair (TrySend → send loop → flush → receive loop → onFrame).
/// </summary>
[MemoryDiagnoser]
public class IpcFramingBenchmarks
{
    private const int Frames = 1_000;

    private byte[] _payload = [];
    private ReadOnlySequence<byte> _contiguous;
    private ReadOnlySequence<byte> _segmented;
    private Pipe _pipe = new();

    private IpcConnection? _sender;
    private IpcConnection? _receiver;
    private Task _runs = Task.CompletedTask;
    private long _received;
    private long _target;
    private TaskCompletionSource _arrived = new();

    [Params(16, 256)]
    public int PayloadSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _payload = Enumerable.Range(0, PayloadSize).Select(i => (byte)i).ToArray();
        var encoded = new ArrayBufferWriter<byte>();
        for (int i = 0; i < Frames; i++)
        {
            FrameWriter.WriteFrame(encoded, FrameType.Plugin, _payload);
        }

        byte[] bytes = encoded.WrittenSpan.ToArray();
        _contiguous = new ReadOnlySequence<byte>(bytes);
        _segmented = Segments.Of(bytes, 4096);
        _pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));

        var leftToRight = new Pipe(new PipeOptions(useSynchronizationContext: false));
        var rightToLeft = new Pipe(new PipeOptions(useSynchronizationContext: false));
        _sender = new IpcConnection(new DuplexPipe(rightToLeft.Reader, leftToRight.Writer));
        _receiver = new IpcConnection(new DuplexPipe(leftToRight.Reader, rightToLeft.Writer));
        _runs = Task.WhenAll(_sender.RunAsync((_, _) => { }), _receiver.RunAsync(OnFrame));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender?.Close();
        _receiver?.Close();
        _runs.GetAwaiter().GetResult();
    }

    [Benchmark(Description = "parse 1,000 frames, one segment")]
    public int Parse() => ParseAll(_contiguous);

    [Benchmark(Description = "parse 1,000 frames, 4 KiB segments")]
    public int ParseSegmented() => ParseAll(_segmented);

    [Benchmark(Description = "write 1,000 frames to a Pipe + 1 flush")]
    public async Task<long> WriteAndFlush()
    {
        PipeWriter writer = _pipe.Writer;
        for (int i = 0; i < Frames; i++)
        {
            FrameWriter.WriteFrame(writer, FrameType.Plugin, _payload);
        }

        await writer.FlushAsync();
        _pipe.Reader.TryRead(out ReadResult result);
        long length = result.Buffer.Length;
        _pipe.Reader.AdvanceTo(result.Buffer.End);
        return length;
    }

    [Benchmark(Description = "1,000 frames TrySend → onFrame through IpcConnection pair")]
    public Task SendThroughConnections()
    {
        _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _target, Volatile.Read(ref _target) + Frames);
        for (int i = 0; i < Frames; i++)
        {
            _sender!.TrySend(FrameType.Plugin, _payload);
        }

        return _arrived.Task;
    }

    private static int ParseAll(ReadOnlySequence<byte> buffer)
    {
        int count = 0;
        while (FrameParser.TryParseFrame(ref buffer, ClusterDefaults.MaxFrameSize, out _, out ReadOnlySequence<byte> payload))
        {
            count += (int)payload.Length;
        }

        return count;
    }

    private void OnFrame(FrameType type, ReadOnlySequence<byte> payload)
    {
        if (Interlocked.Increment(ref _received) == Volatile.Read(ref _target))
        {
            _arrived.TrySetResult();
        }
    }
}
