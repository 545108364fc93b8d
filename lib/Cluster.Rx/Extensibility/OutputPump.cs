using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace Cluster.Rx.Extensibility;

/// <summary>
/// Reads one worker's stdout or stderr (a pipe) into lines for the <see cref="OutputRouter"/>: every line read in
/// one go is handed over together, a line longer than <see cref="MaxLine"/> in parts, the last unterminated line
/// at the end. Completes when the worker (and every process that inherited the pipe) has closed it.
/// </summary>
internal static class OutputPump
{
    /// <summary>The longest line handed over whole, in bytes; a longer one arrives in parts of this size.</summary>
    public const int MaxLine = 64 * 1024;

    public static async Task RunAsync(Stream stream, Worker worker, OutputKind kind, OutputRouter router)
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024));
        var lines = new List<WorkerOutput>();
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                while (TryReadLine(ref buffer, out var line))
                {
                    lines.Add(new WorkerOutput(worker, kind, Decode(line)));
                }

                if (result.IsCompleted && !buffer.IsEmpty)
                {
                    lines.Add(new WorkerOutput(worker, kind, Decode(buffer)));
                    buffer = buffer.Slice(buffer.End);
                }

                if (lines.Count > 0)
                {
                    router.Write(lines);
                    lines = [];
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted && buffer.IsEmpty)
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // The pipe broke: the worker is gone, and so is whatever it had not written.
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The next line, or the next <see cref="MaxLine"/> bytes of a longer one.</summary>
    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (reader.TryReadTo(out line, (byte)'\n') && line.Length <= MaxLine)
        {
            buffer = buffer.Slice(reader.Position);
            return true;
        }

        if (buffer.Length >= MaxLine)
        {
            line = buffer.Slice(0, MaxLine);
            buffer = buffer.Slice(MaxLine);
            return true;
        }

        return false;
    }

    private static string Decode(ReadOnlySequence<byte> line)
    {
        var text = Encoding.UTF8.GetString(line);
        return text.EndsWith('\r') ? text[..^1] : text;
    }
}
