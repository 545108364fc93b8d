using System.Runtime.InteropServices;

namespace Cluster.Rx.Interop;

/// <content><c>write(2)</c> of a whole buffer.</content>
internal static partial class Libc
{
    private const int EIntr = 4;

    /// <summary>
    /// Writes all of <paramref name="bytes"/> to <paramref name="fd"/>: in one <c>write</c> call unless the kernel
    /// takes less (a full disk), in which case the rest follows; interrupted calls are retried.
    /// </summary>
    /// <exception cref="IOException">A write failed; the message says why (ENOSPC: no space left on device).</exception>
    public static unsafe void WriteAll(int fd, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* start = bytes)
        {
            var written = 0;
            while (written < bytes.Length)
            {
                var count = Write(fd, start + written, (nuint)(bytes.Length - written));
                if (count > 0)
                {
                    written += (int)count;
                    continue;
                }

                if (count == 0)
                {
                    throw new IOException($"write took none of {bytes.Length - written} bytes");
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != EIntr)
                {
                    throw Failure("write", errno);
                }
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint Write(int fd, byte* buffer, nuint count);
}
