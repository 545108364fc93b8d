using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Cluster.Rx.Ipc;

/// <summary>
/// Parses IPC frames: a 4-byte little-endian payload length, a 1-byte <see cref="FrameType"/>, then the payload.
/// Pure: no IO, no allocation on the happy path.
/// </summary>
internal static class FrameParser
{
    /// <summary>The size of the fixed frame header: the int32 payload length and the type byte.</summary>
    public const int HeaderSize = 5;

    // Indexed by the type byte: a table lookup instead of Enum.IsDefined on every frame.
    private static readonly bool[] KnownTypes = CreateKnownTypes();

    /// <summary>
    /// Takes one frame from the front of <paramref name="buffer"/>.
    /// </summary>
    /// <param name="buffer">The received bytes; on success sliced past the frame, otherwise left as it was.</param>
    /// <param name="maxFrameSize">The largest payload accepted, in bytes.</param>
    /// <param name="type">The frame's type.</param>
    /// <param name="payload">The frame's payload, a slice of the original buffer (valid as long as it is).</param>
    /// <returns><see langword="true"/> for a frame; <see langword="false"/> when more bytes are needed.</returns>
    /// <exception cref="IpcProtocolException">
    /// The header gives a negative length, a length over <paramref name="maxFrameSize"/>, or an unknown type; this is
    /// raised as soon as the header has arrived, without waiting for the payload.
    /// </exception>
    public static bool TryParseFrame(
        ref ReadOnlySequence<byte> buffer,
        int maxFrameSize,
        out FrameType type,
        out ReadOnlySequence<byte> payload)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrameSize);

        if (buffer.Length < HeaderSize)
        {
            type = default;
            payload = default;
            return false;
        }

        Span<byte> scratch = stackalloc byte[HeaderSize];
        scoped ReadOnlySpan<byte> header = buffer.FirstSpan;
        if (header.Length < HeaderSize)
        {
            // The header straddles segments: gather its five bytes.
            buffer.Slice(0, HeaderSize).CopyTo(scratch);
            header = scratch;
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(header);
        byte typeByte = header[HeaderSize - 1];

        if ((uint)length > (uint)maxFrameSize)
        {
            ThrowBadLength(length, maxFrameSize);
        }

        if (!KnownTypes[typeByte])
        {
            ThrowUnknownType(typeByte);
        }

        if (buffer.Length - HeaderSize < length)
        {
            type = default;
            payload = default;
            return false;
        }

        type = (FrameType)typeByte;
        payload = buffer.Slice(HeaderSize, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    private static bool[] CreateKnownTypes()
    {
        var known = new bool[256];
        foreach (FrameType type in Enum.GetValues<FrameType>())
        {
            known[(byte)type] = true;
        }

        return known;
    }

    [DoesNotReturn]
    private static void ThrowBadLength(int length, int maxFrameSize) =>
        throw new IpcProtocolException(length < 0
            ? $"IPC frame header gives a negative length ({length} bytes); the peer does not speak the Cluster.Rx IPC protocol"
            : $"IPC frame of {length} bytes exceeds the limit of {maxFrameSize} bytes");

    [DoesNotReturn]
    private static void ThrowUnknownType(byte typeByte) =>
        throw new IpcProtocolException(
            $"unknown IPC frame type 0x{typeByte:X2}; known types are "
            + string.Join(", ", Enum.GetValues<FrameType>().Select(t => $"0x{(byte)t:X2} ({t})")));
}
