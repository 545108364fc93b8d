using System.Buffers;
using System.Text;

namespace Cluster.Rx.Extensibility;

/// <summary>
/// Cuts one worker stream's bytes into lines, however the reads split them: a line ends at '\n' (a '\r' before it
/// is dropped), a line longer than <see cref="MaxLine"/> bytes is handed over in parts, and the last unterminated
/// line at <see cref="End"/>.
/// </summary>
internal sealed class LineSplitter(Worker worker, OutputKind kind)
{
    /// <summary>The longest line handed over whole, in bytes; a longer one arrives in parts of this size.</summary>
    public const int MaxLine = 64 * 1024;

    private readonly ArrayBufferWriter<byte> _partial = new();

    /// <summary>Adds bytes read; every line they complete is added to <paramref name="lines"/>.</summary>
    public void Add(ReadOnlySpan<byte> data, List<WorkerOutput> lines)
    {
        while (!data.IsEmpty)
        {
            var end = data.IndexOf((byte)'\n');
            var piece = end < 0 ? data : data[..end];
            var room = MaxLine - _partial.WrittenCount;
            if (piece.Length > room)
            {
                // The line outgrows the limit: its first MaxLine bytes go out as a part.
                _partial.Write(piece[..room]);
                Emit(lines);
                data = data[room..];
                continue;
            }

            _partial.Write(piece);
            if (end < 0)
            {
                return;
            }

            Emit(lines);
            data = data[(end + 1)..];
        }
    }

    /// <summary>The stream has ended: the unterminated last line, if any, is added to <paramref name="lines"/>.</summary>
    public void End(List<WorkerOutput> lines)
    {
        if (_partial.WrittenCount > 0)
        {
            Emit(lines);
        }
    }

    private void Emit(List<WorkerOutput> lines)
    {
        var bytes = _partial.WrittenSpan;
        if (!bytes.IsEmpty && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        lines.Add(new WorkerOutput(worker, kind, Encoding.UTF8.GetString(bytes)));
        _partial.ResetWrittenCount();
    }
}
