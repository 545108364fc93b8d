using System.Buffers;
using System.Buffers.Binary;
using Cluster.Rx.Ipc;
using Cluster.Rx.Settings;

namespace Cluster.Rx.Specs.Ipc;

/// <summary>Frame bytes built by hand (independent of FrameWriter) and sequences cut into segments.</summary>
internal static class Frames
{
    public static byte[] Encode(FrameType type, byte[] payload) => Header(payload.Length, (byte)type).Concat(payload).ToArray();

    public static byte[] Header(int length, byte type)
    {
        var header = new byte[FrameParser.HeaderSize];
        BinaryPrimitives.WriteInt32LittleEndian(header, length);
        header[4] = type;
        return header;
    }

    public static byte[] Stream(params (FrameType Type, byte[] Payload)[] frames) =>
        frames.SelectMany(f => Encode(f.Type, f.Payload)).ToArray();

    public static (FrameType Type, byte[] Payload)[] Sample() =>
    [
        (FrameType.Hello, [1, 2, 3]),
        (FrameType.Waiting, []),
        (FrameType.Plugin, Enumerable.Range(0, 300).Select(i => (byte)i).ToArray()),
        (FrameType.Stop, [0xFF]),
        (FrameType.Exception, "boom"u8.ToArray()),
    ];

    /// <summary>A sequence of one segment per chunk (empty chunks included).</summary>
    public static ReadOnlySequence<byte> Segmented(params byte[][] chunks)
    {
        var first = new Segment(chunks[0], 0);
        Segment last = first;
        foreach (byte[] chunk in chunks.Skip(1))
        {
            last = last.Append(chunk);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    public static ReadOnlySequence<byte> OneByteSegments(byte[] bytes) =>
        Segmented(bytes.Length == 0 ? [[]] : bytes.Select(b => new[] { b }).ToArray());

    /// <summary>Parses every frame from <paramref name="buffer"/>, copying payloads; returns what is left over.</summary>
    public static List<(FrameType Type, byte[] Payload)> ParseAll(ref ReadOnlySequence<byte> buffer, int maxFrameSize = ClusterDefaults.MaxFrameSize)
    {
        var frames = new List<(FrameType, byte[])>();
        while (FrameParser.TryParseFrame(ref buffer, maxFrameSize, out FrameType type, out ReadOnlySequence<byte> payload))
        {
            frames.Add((type, payload.ToArray()));
        }

        return frames;
    }

    public static void AssertSame(IReadOnlyList<(FrameType Type, byte[] Payload)> expected, IReadOnlyList<(FrameType Type, byte[] Payload)> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Type, actual[i].Type);
            Assert.Equal(expected[i].Payload, actual[i].Payload);
        }
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
