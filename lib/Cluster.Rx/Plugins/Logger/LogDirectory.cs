namespace Cluster.Rx;

/// <summary>The directory <see cref="Plugins.Logger"/> writes to, made ready before any worker starts.</summary>
internal static class LogDirectory
{
    /// <summary>
    /// The full path of <paramref name="path"/> (relative to the current directory, the cluster's working
    /// directory), created if missing.
    /// </summary>
    /// <exception cref="IOException">It cannot be created; the message names it and says what to do.</exception>
    public static string Prepare(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(full);
            return full;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unwritable(full, e);
        }
    }

    /// <summary>The error for a log directory <paramref name="directory"/> that cannot be written.</summary>
    public static IOException Unwritable(string directory, Exception reason) =>
        new($"cannot write logs in directory '{directory}': {reason.Message}; give Plugins.Logger a directory that this user can create or write to", reason);
}
