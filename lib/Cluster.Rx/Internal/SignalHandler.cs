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
        foreach (var signal in ClusterSignals.Where(s => (ignored & (1UL << ((int)s - 1))) != 0))
        {
            // Only an ignored signal is reset: no handler of the runtime's is replaced.
            Libc.SetDefaultAction((int)signal);
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

    private static ulong IgnoredMask()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && ulong.TryParse(line.AsSpan("SigIgn:".Length).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask)
            ? mask
            : 0;
    }
}
