using System.Globalization;
using Cluster.Rx.Interop;

namespace Cluster.Rx;

/// <summary>
/// The pid files <see cref="Plugins.PidFiles"/> writes, read from another process: <c>master.pid</c> and
/// <c>worker.N.pid</c> in one directory. A missing directory or file is no error (the cluster is not running).
/// </summary>
/// <param name="directory">The directory, as a full path.</param>
internal sealed class PidFileSet(string directory)
{
    /// <summary>The name of the master's file, without <c>.pid</c>.</summary>
    public const string Master = "master";

    /// <summary>The directory, as a full path.</summary>
    public string Directory { get; } = directory;

    /// <summary>The master's file; null when there is none or it holds no pid.</summary>
    /// <exception cref="IOException">It exists but cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">It exists but cannot be read.</exception>
    public PidFileEntry? ReadMaster() => Read(Master);

    /// <summary>The file <paramref name="name"/> (without <c>.pid</c>); null when there is none or it holds no pid.</summary>
    /// <exception cref="IOException">It exists but cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">It exists but cannot be read.</exception>
    public PidFileEntry? Read(string name)
    {
        try
        {
            // The handle's identity is the identity of the text read: a rename meanwhile changes neither.
            using var stream = new FileStream(Path.Combine(Directory, name + ".pid"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var identity = FileIdentity.Of(stream.SafeFileHandle);
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd().Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0
                ? new PidFileEntry(name, pid, identity)
                : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Every file that holds a pid: the master's first (when there is one), then each worker's by id.</summary>
    /// <exception cref="IOException">The directory or a file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory or a file cannot be read.</exception>
    public IReadOnlyList<PidFileEntry> ReadAll()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var workers = System.IO.Directory.EnumerateFiles(Directory, "worker.*.pid")
            .Select(file => Path.GetFileNameWithoutExtension(file))
            .Select(name => (Name: name, Id: WorkerId(name)))
            .Where(worker => worker.Id is not null)
            .OrderBy(worker => worker.Id)
            .Select(worker => Read(worker.Name));
        return [.. workers.Prepend(ReadMaster()).OfType<PidFileEntry>()];
    }

    /// <summary>N of <c>worker.N</c>; null for any other name.</summary>
    private static int? WorkerId(string name) =>
        name.StartsWith("worker.", StringComparison.Ordinal)
        && int.TryParse(name.AsSpan("worker.".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;
}
