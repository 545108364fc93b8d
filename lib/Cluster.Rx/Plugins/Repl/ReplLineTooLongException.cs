namespace Cluster.Rx;

/// <summary>A client sent a line longer than the console takes (see <see cref="ReplLines.TryReadLine"/>); its connection is closed.</summary>
internal sealed class ReplLineTooLongException(int maxLength)
    : IOException($"the line is longer than {maxLength} bytes, the most the console takes; this connection closes")
{
    /// <summary>The longest line allowed, in bytes.</summary>
    public int MaxLength { get; } = maxLength;
}
