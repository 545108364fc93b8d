using Mono.Unix.Native;

namespace Cluster.Rx.Http.Interop;

/// <summary>File descriptor calls through Mono.Posix, with errno turned into exceptions.</summary>
internal static class Descriptors
{
    /// <summary>Duplicates <paramref name="fd"/>: both refer to the same kernel socket and are closed independently.</summary>
    public static int Dup(int fd)
    {
        var copy = Syscall.dup(fd);
        return copy >= 0
            ? copy
            : throw new IOException($"dup({fd}) failed: {Stdlib.GetLastError()}; the worker could not copy its listening socket for Kestrel");
    }

    /// <summary>Closes <paramref name="fd"/>; errors are ignored (the descriptor is gone either way).</summary>
    public static void Close(int fd) => _ = Syscall.close(fd);
}
