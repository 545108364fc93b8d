namespace Cluster.Rx.ProcessSpecs;

/// <summary>The Logger's files in one directory, as the specs read them: current files and moved ones (<c>NAME.log.SUFFIX</c>).</summary>
internal sealed class LogFiles(string directory)
{
    private static readonly string[] Names = ["master.log", "workers.access.log", "workers.error.log"];
    private static readonly string[] Suffixes = [string.Empty, ".1", ".2"];

    public string Directory => directory;

    public string[] Master(string suffix = "") => Read("master.log" + suffix);

    public string[] Access(string suffix = "") => Read("workers.access.log" + suffix);

    public string[] Errors(string suffix = "") => Read("workers.error.log" + suffix);

    /// <summary>Every access line, in the current file and the moved ones.</summary>
    public IReadOnlyList<string> AccessEverywhere() => [.. Suffixes.SelectMany(s => Access(s))];

    /// <summary>Every error line, in the current file and the moved ones.</summary>
    public IReadOnlyList<string> ErrorsEverywhere() => [.. Suffixes.SelectMany(s => Errors(s))];

    /// <summary>Moves every file to NAME.SUFFIX, as logrotate does before it signals the master.</summary>
    public void MoveAll(string suffix)
    {
        foreach (var name in Names)
        {
            File.Move(Path.Combine(directory, name), Path.Combine(directory, name + suffix));
        }
    }

    public string Describe(Harness.ClusterProcess cluster) =>
        string.Join('\n', Names.SelectMany(n => Suffixes.Select(s => n + s)).Select(f => $"{f}: {Read(f).Length} lines")) + "\n" + cluster.Describe();

    private string[] Read(string name)
    {
        var path = Path.Combine(directory, name);
        return File.Exists(path) ? File.ReadAllLines(path) : [];
    }
}
