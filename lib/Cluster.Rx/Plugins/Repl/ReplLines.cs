using System.Buffers;

namespace Cluster.Rx;

/// <summary>
/// The console's framing, a pure parser: lines end at '\n', a '\r' before it is dropped (telnet sends "\r\n").
/// No IO; the read loop calls it on what it has received so far.
/// </summary>
internal static class ReplLines
{
    /// <summary>Takes the first whole line off <paramref name="buffer"/>.</summary>
    /// <param name="buffer">What has been received and not yet taken; on success, what follows the line.</param>
    /// <param name="maxLength">The longest line allowed, in bytes, its line ending not counted.</param>
    /// <param name="line">The line, without its line ending; valid until the buffer is advanced past it.</param>
    /// <returns>False when <paramref name="buffer"/> holds no whole line yet (it is left as it was).</returns>
    /// <exception cref="ReplLineTooLongException">The line is, or already has become, longer than <paramref name="maxLength"/>.</exception>
    public static bool TryReadLine(ref ReadOnlySequence<byte> buffer, int maxLength, out ReadOnlySequence<byte> line)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        var end = buffer.PositionOf((byte)'\n');
        if (end is null)
        {
            // Room for a '\r' that may turn out to be the line ending's.
            if (buffer.Length > maxLength + 1L)
            {
                throw new ReplLineTooLongException(maxLength);
            }

            line = default;
            return false;
        }

        line = buffer.Slice(0, end.Value);
        if (!line.IsEmpty && line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r')
        {
            line = line.Slice(0, line.Length - 1);
        }

        if (line.Length > maxLength)
        {
            throw new ReplLineTooLongException(maxLength);
        }

        buffer = buffer.Slice(buffer.GetPosition(1, end.Value));
        return true;
    }
}
