using System.Runtime.InteropServices;

namespace Cluster.Rx.Interop;

/// <content><c>read(2)</c> from a non-blocking descriptor.</content>
internal static partial class Libc
{
    private const int EAgain = 11;

    /// <summary>Reads what <paramref name="fd"/> has now, into <paramref name="buffer"/>.</summary>
    /// <returns>The bytes read; 0 at the end (the writers closed it); -1 when nothing is there yet (EAGAIN).</returns>
    /// <exception cref="IOException">The read failed for another reason.</exception>
    public static unsafe int ReadAvailable(int fd, Span<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            while (true)
            {
                var count = Read(fd, start, (nuint)buffer.Length);
                if (count >= 0)
                {
                    return (int)count;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == EAgain)
                {
                    return -1;
                }

                if (errno != EIntr)
                {
                    throw Failure($"read({fd})", errno);
                }
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint Read(int fd, byte* buffer, nuint count);
}
