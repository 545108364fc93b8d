using System.Runtime.InteropServices;

namespace Cluster.Rx.Interop;

/// <content><c>dup(2)</c> and <c>close(2)</c>.</content>
internal static partial class Libc
{
    /// <summary>Duplicates <paramref name="fd"/>; the copy is closed independently of the original.</summary>
    /// <exception cref="IOException">dup failed.</exception>
    public static int Dup(int fd)
    {
        var copy = Duplicate(fd);
        return copy >= 0 ? copy : throw Failure($"dup({fd})");
    }

    /// <summary>Closes <paramref name="fd"/>; errors are ignored (the descriptor is gone either way).</summary>
    public static void Close(int fd) => _ = CloseDescriptor(fd);

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Duplicate(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseDescriptor(int fd);
}
