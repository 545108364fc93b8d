using System.Globalization;
using System.Runtime.InteropServices;
using Cluster.Rx.Interop;

namespace Cluster.Rx.Internal;

/// <summary>
/// Handles the signals the cluster relies on (SIGINT, SIGQUIT, SIGTERM, SIGUSR2), even when the process was
/// started with them ignored: a non-interactive shell starts background jobs (<c>app &amp;</c>) with SIGINT and
/// SIGQUIT ignored, .NET installs no handler for a signal that is ignored when its signal handling starts, and a
/// restart's SIGQUIT would then be lost.
/// </summary>
internal static class SignalHandler
{
    private const int StatusBufferSize = 4096; // /proc/PID/status is ~1.5 KiB; SigIgn is in its first half
    private static readonly Signal[] ClusterSignals = [Signal.SIGINT, Signal.SIGQUIT, Signal.SIGTERM, Signal.SIGUSR2];
    private static int _claimed;

    /// <summary>
    /// Gives the cluster's signals that are ignored back their default action. It must run before .NET's signal
    /// handling starts (the first <see cref="PosixSignalRegistration"/>): it does for every signal at once, on the
    /// first call, so <see cref="Master"/> calls it as soon as it is created.
    /// </summary>
    public static void ClaimIgnoredSignals()
    {
        if (Interlocked.Exchange(ref _claimed, 1) == 1)
        {
            return;
        }

        var ignored = IgnoredMask();
        foreach (var signal in ClusterSignals)
        {
            // Only an ignored signal is reset: no handler of the runtime's is replaced.
            if ((ignored & (1UL << ((int)signal - 1))) != 0)
            {
                Libc.SetDefaultAction((int)signal);
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> (on the thread pool) each time <paramref name="signal"/> arrives, instead of its default action.</summary>
    public static IDisposable Handle(Signal signal, Action action)
    {
        ClaimIgnoredSignals();
        return PosixSignalRegistration.Create((PosixSignal)(int)signal, context =>
        {
            context.Cancel = true;
            action();
        });
    }

    /// <summary>This process's ignored signals, from <c>/proc/self/status</c>: read as bytes into a stack buffer, on a worker's way to its first answer.</summary>
    private static ulong IgnoredMask()
    {
        // One read: the kernel writes the whole file at once when the buffer holds it.
        using var file = File.OpenHandle("/proc/self/status");
        Span<byte> status = stackalloc byte[StatusBufferSize];
        var length = RandomAccess.Read(file, status, fileOffset: 0);
        return IgnoredMask(status[..length]);
    }

    /// <summary>The <c>SigIgn</c> mask in the text of a <c>/proc/PID/status</c> file (bit n - 1 for signal n); 0 when it has none.</summary>
    internal static ulong IgnoredMask(ReadOnlySpan<byte> status)
    {
        var start = status.IndexOf("\nSigIgn:"u8);
        if (start < 0)
        {
            return 0;
        }

        var value = status[(start + "\nSigIgn:".Length)..];
        var end = value.IndexOf((byte)'\n');
        return ulong.TryParse(end < 0 ? value : value[..end], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask) ? mask : 0;
    }
}
