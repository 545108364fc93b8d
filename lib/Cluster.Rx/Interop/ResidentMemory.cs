using System.Buffers.Text;

namespace Cluster.Rx.Interop;

/// <summary>
/// A process's resident memory (RSS), from <c>/proc/PID/statm</c> (its second field, in pages): one small read
/// into a stack buffer, no text parsed as strings.
/// </summary>
internal static class ResidentMemory
{
    /// <summary>The resident memory of <paramref name="pid"/> in bytes, or null when it cannot be read (the process is gone).</summary>
    public static long? Of(int pid)
    {
        try
        {
            using var statm = File.OpenHandle($"/proc/{pid}/statm");
            Span<byte> buffer = stackalloc byte[256];
            var read = RandomAccess.Read(statm, buffer, fileOffset: 0);
            return Parse(buffer[..read], Environment.SystemPageSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The resident bytes in the text of a <c>statm</c> file (<c>size resident shared …</c>, in pages of <paramref name="pageSize"/> bytes); null when it is not one.</summary>
    public static long? Parse(ReadOnlySpan<byte> statm, long pageSize)
    {
        var space = statm.IndexOf((byte)' ');
        return space >= 0 && Utf8Parser.TryParse(statm[(space + 1)..], out long pages, out _) && pages >= 0
            ? pages * pageSize
            : null;
    }
}
