using System.Buffers;

namespace Cluster.Rx.Ipc;

/// <summary>
/// An item in an <see cref="IpcConnection"/>'s send queue: either a frame whose payload sits in a pooled buffer,
/// or a flush request completed once everything queued before it has been flushed.
/// </summary>
internal readonly struct PendingFrame
{
    private readonly byte[]? _buffer;

    /// <summary>A frame; <paramref name="buffer"/> is rented from <see cref="ArrayPool{T}.Shared"/> (or empty).</summary>
    public PendingFrame(FrameType type, byte[] buffer, int length)
    {
        Type = type;
        _buffer = buffer;
        Length = length;
    }

    /// <summary>A flush request.</summary>
    public PendingFrame(TaskCompletionSource<bool> flushWaiter) => FlushWaiter = flushWaiter;

    /// <summary>The frame's type.</summary>
    public FrameType Type { get; }

    /// <summary>The payload length in bytes.</summary>
    public int Length { get; }

    /// <summary>The flush request's completion, or <see langword="null"/> for a frame.</summary>
    public TaskCompletionSource<bool>? FlushWaiter { get; }

    /// <summary>The payload.</summary>
    public ReadOnlySpan<byte> Payload => _buffer.AsSpan(0, Length);

    /// <summary>Returns the pooled buffer; the frame must not be used afterwards.</summary>
    public void Release()
    {
        if (_buffer is { Length: > 0 })
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }
}
