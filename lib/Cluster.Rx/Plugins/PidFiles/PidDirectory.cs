using System.Globalization;

namespace Cluster.Rx;

/// <summary>The sink of <see cref="Plugins.PidFiles"/>: a directory of pid files, each written atomically.</summary>
internal sealed class PidDirectory
{
    private PidDirectory(string path) => Path = path;

    /// <summary>The directory, as a full path.</summary>
    public string Path { get; }

    /// <summary>
    /// Creates <paramref name="path"/> if it is missing (a relative path is taken against the current directory: the
    /// master's working directory once it runs) and checks that a file can be written there.
    /// </summary>
    /// <exception cref="ClusterException">It cannot be created or written; the message names it.</exception>
    public static PidDirectory Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(full);
            var directory = new PidDirectory(full);
            var probe = directory.TemporaryFile(".probe");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
            return directory;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClusterException($"cannot write pid files in '{full}': {e.Message}; give PidFiles a directory the master can create and write");
        }
    }

    /// <summary>Applies <paramref name="change"/>.</summary>
    /// <exception cref="IOException">The file could not be written or removed.</exception>
    /// <exception cref="UnauthorizedAccessException">The file could not be written or removed.</exception>
    public void Apply(PidFileChange change)
    {
        var file = FileOf(change.Name);
        if (change.Action == PidFileAction.Write)
        {
            var temporary = TemporaryFile(change.Name);
            File.WriteAllText(temporary, change.Pid.ToString(CultureInfo.InvariantCulture) + "\n");
            File.Move(temporary, file, overwrite: true);
        }
        else if (Holds(file, change.Pid))
        {
            File.Delete(file);
        }
    }

    /// <summary>The pid file <paramref name="name"/> (<c>master</c>, <c>worker.0</c>, …).</summary>
    public string FileOf(string name) => System.IO.Path.Combine(Path, name + ".pid");

    /// <summary>The pid in pid file <paramref name="file"/>; null when there is no such file or it holds no pid.</summary>
    public static int? ReadPid(string file)
    {
        try
        {
            return int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static bool Holds(string file, int pid) => ReadPid(file) == pid;

    private string TemporaryFile(string name) =>
        System.IO.Path.Combine(Path, $".{name}.pid.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.tmp");
}
