using Cluster.Rx.Internal;
using Cluster.Rx.Settings;

namespace Cluster.Rx;

/// <content>What the master offers plugins beyond their context.</content>
public sealed partial class Master
{
    private readonly string _startDirectory = Environment.CurrentDirectory;

    /// <summary>
    /// The pid in pid file <paramref name="name"/> (<c>master</c>, <c>worker.0</c>, …) of the directory
    /// <c>Plugins.PidFiles</c> writes: null when there is no such file (that worker is not running, or the cluster has
    /// stopped). Reads the file, so it answers in any process of the program, master or not.
    /// </summary>
    /// <exception cref="InvalidOperationException">The cluster does not use <c>Plugins.PidFiles</c>.</exception>
    /// <exception cref="ArgumentException">The name is not a pid file's name (letters, digits, '.', '-', '_').</exception>
    public int? PidOf(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (PidDirectory is not { } directory)
        {
            throw new InvalidOperationException("PidOf reads the pid files that Plugins.PidFiles writes: add .Use(Plugins.PidFiles()) to the cluster.");
        }

        if (name.StartsWith('.') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            throw new ArgumentException($"'{name}' is not a pid file's name: give 'master' or 'worker.N'", nameof(name));
        }

        return Cluster.Rx.PidDirectory.ReadPid(Path.Combine(FullPath(directory), name + ".pid"));
    }

    /// <summary>The cluster's settings, for a plugin that answers Run (<c>Plugins.Cli</c> waits as long as they say).</summary>
    internal ClusterSettings Settings => _settings;

    /// <summary>The directory of the pid files, once <c>Plugins.PidFiles</c> is used (as given: relative to the working directory).</summary>
    internal string? PidDirectory { get; set; }

    /// <summary>
    /// <paramref name="path"/> as a full path, a relative one taken against the master's working directory (the
    /// <c>working directory</c> setting, itself taken against the directory the process started in), in any process
    /// and whether or not the master has changed to it yet: a pid file is found the same from a tool's process.
    /// </summary>
    internal string FullPath(string path) =>
        Path.GetFullPath(path, Path.GetFullPath(_settings.WorkingDirectory, _startDirectory));

    /// <summary>The master's events, for the plugin seam.</summary>
    internal EventHub Hub => _hub;
}
