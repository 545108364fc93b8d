using System.Buffers;
using System.Buffers.Binary;

namespace Cluster.Rx.Ipc;

/// <summary>
/// Writes IPC frames in the format <see cref="FrameParser"/> reads: a 4-byte little-endian payload length, the
/// 1-byte <see cref="FrameType"/>, then the payload. Writes straight into the output's buffers; the caller flushes.
/// </summary>
internal static class FrameWriter
{
    /// <summary>Writes one frame to <paramref name="output"/> (without flushing).</summary>
    /// <param name="output">Where the frame goes, typically a <see cref="System.IO.Pipelines.PipeWriter"/>.</param>
    /// <param name="type">The frame's type.</param>
    /// <param name="payload">The frame's payload; the caller keeps it within the peer's maximum frame size.</param>
    public static void WriteFrame(IBufferWriter<byte> output, FrameType type, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(output);

        Span<byte> span = output.GetSpan(FrameParser.HeaderSize);
        BinaryPrimitives.WriteInt32LittleEndian(span, payload.Length);
        span[FrameParser.HeaderSize - 1] = (byte)type;

        if (span.Length - FrameParser.HeaderSize >= payload.Length)
        {
            // The common case: header and payload fit in the buffer at hand, one Advance.
            payload.CopyTo(span[FrameParser.HeaderSize..]);
            output.Advance(FrameParser.HeaderSize + payload.Length);
            return;
        }

        // A large payload: copied into as many buffers as the writer hands out, never into an array of our own.
        output.Advance(FrameParser.HeaderSize);
        output.Write(payload);
    }
}
