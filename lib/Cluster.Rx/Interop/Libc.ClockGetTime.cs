using System.Runtime.InteropServices;

namespace Cluster.Rx.Interop;

/// <content><c>clock_gettime(2)</c> on <c>CLOCK_MONOTONIC</c>.</content>
internal static partial class Libc
{
    private const int ClockMonotonic = 1;

    /// <summary>
    /// <c>CLOCK_MONOTONIC</c> in microseconds: the clock systemd compares a notification's <c>MONOTONIC_USEC</c> with.
    /// Not a timer of the master's (those run on its scheduler): a timestamp systemd asks for.
    /// </summary>
    /// <exception cref="IOException">clock_gettime failed.</exception>
    public static long MonotonicMicroseconds()
    {
        if (ClockGetTime(ClockMonotonic, out var time) != 0)
        {
            throw Failure("clock_gettime(CLOCK_MONOTONIC)");
        }

        return (time.Seconds * 1_000_000) + (time.Nanoseconds / 1_000);
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
