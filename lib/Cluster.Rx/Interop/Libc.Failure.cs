using System.Runtime.InteropServices;

namespace Cluster.Rx.Interop;

/// <content>How a failed call becomes an exception.</content>
internal static partial class Libc
{
    /// <summary>An <see cref="IOException"/> naming <paramref name="call"/> and the error it left in errno.</summary>
    private static IOException Failure(string call) => Failure(call, Marshal.GetLastPInvokeError());

    /// <summary>An <see cref="IOException"/> naming <paramref name="call"/> and <paramref name="errno"/>.</summary>
    private static IOException Failure(string call, int errno) =>
        new($"{call} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
}
