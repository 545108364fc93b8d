using System.Runtime.InteropServices;

namespace Cluster.Rx.Interop;

/// <content><c>open(2)</c> for appending: .NET's <see cref="FileMode.Append"/> seeks to the end instead of using <c>O_APPEND</c>.</content>
internal static partial class Libc
{
    private const int OWronly = 0x1;
    private const int OCreat = 0x40;
    private const int OAppend = 0x400;
    private const int OCloexec = 0x80000;
    private const int Mode0644 = 0x1a4;

    /// <summary>
    /// Opens <paramref name="path"/> for appending (<c>O_WRONLY|O_APPEND|O_CREAT|O_CLOEXEC</c>, mode 0644 when it is
    /// created): every write lands at the end of the file, whoever else appends to it.
    /// </summary>
    /// <returns>The file descriptor.</returns>
    /// <exception cref="IOException">It cannot be opened; the message names the path and the reason.</exception>
    public static int OpenForAppend(string path)
    {
        var fd = Open(path, OWronly | OCreat | OAppend | OCloexec, Mode0644);
        if (fd < 0)
        {
            throw Failure($"open(\"{path}\", O_WRONLY|O_APPEND|O_CREAT)");
        }

        return fd;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);
}
