using System.Runtime.InteropServices;

namespace Cluster.Rx.Interop;

/// <content><c>signal(2)</c>, to give a signal its default action back.</content>
internal static partial class Libc
{
    private const nint SigDfl = 0;
    private const nint SigErr = -1;

    /// <summary>Gives signal number <paramref name="signal"/> its default action (SIG_DFL).</summary>
    /// <exception cref="IOException">signal failed (an invalid signal number).</exception>
    public static void SetDefaultAction(int signal)
    {
        if (SetAction(signal, SigDfl) == SigErr)
        {
            throw Failure($"signal({signal}, SIG_DFL)");
        }
    }

    [LibraryImport("libc", EntryPoint = "signal", SetLastError = true)]
    private static partial nint SetAction(int signal, nint handler);
}
