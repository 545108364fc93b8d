using System.Runtime.InteropServices;

namespace Cluster.Rx.Interop;

/// <content><c>kill(2)</c>, its two expected errors as outcomes.</content>
internal static partial class Libc
{
    private const int EPerm = 1;
    private const int ESrch = 3;

    /// <summary>
    /// Sends signal number <paramref name="signal"/> to <paramref name="pid"/>; signal 0 sends nothing and only asks
    /// whether the process exists and may be signalled.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pid"/> is 0 or less: kill would reach a whole process group, or every process.</exception>
    /// <exception cref="IOException">kill failed for another reason (an invalid signal).</exception>
    public static KillResult Kill(int pid, int signal)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        if (KillProcess(pid, signal) == 0)
        {
            return KillResult.Sent;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno switch
        {
            ESrch => KillResult.NoSuchProcess,
            EPerm => KillResult.NotPermitted,
            _ => throw Failure($"kill({pid}, {signal})", errno),
        };
    }

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>, a process of this user's; false when no such process exists.</summary>
    /// <exception cref="IOException">The process belongs to another user (EPERM), or kill failed for another reason.</exception>
    public static bool Send(int pid, Signal signal) => Kill(pid, (int)signal) switch
    {
        KillResult.Sent => true,
        KillResult.NoSuchProcess => false,
        _ => throw Failure($"kill({pid}, {signal})", EPerm),
    };

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillProcess(int pid, int signal);
}
