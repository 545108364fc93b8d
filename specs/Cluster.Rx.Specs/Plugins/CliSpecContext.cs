using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs;

/// <summary>
/// What the CLI's specs run commands with: an abstract cluster whose working directory is a temp directory and whose
/// pid files are its <c>pids</c> folder, stdout and stderr as strings, fake processes and a <see cref="TestScheduler"/>.
/// </summary>
internal sealed class CliSpecContext : IDisposable
{
    /// <summary>Poll every 100 ms; a restart waits 10 s at most, a shutdown 5 s, a stop 2 s.</summary>
    public static readonly CliLimits Limits = new(
        TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2));

    public CliSpecContext(bool pidFiles = true)
    {
        Root = Directory.CreateTempSubdirectory("cluster-rx-cli-").FullName;
        Master = new Cluster.Rx.Master(null, null, "Production", Scheduler).Set("working directory", Root);
        if (pidFiles)
        {
            Master.Use(Plugins.PidFiles("pids"));
        }
    }

    public TestScheduler Scheduler { get; } = new();

    public string Root { get; }

    /// <summary>The pid directory, as the master resolves <c>pids</c> against its working directory.</summary>
    public string Pids => Path.Combine(Root, "pids");

    public Cluster.Rx.Master Master { get; }

    public StringWriter Out { get; } = new();

    public StringWriter Error { get; } = new();

    public FakeProcessControl Processes { get; } = new();

    public CliCommandTable Commands { get; } = new();

    public IReadOnlyList<string> OutLines => Lines(Out);

    public IReadOnlyList<string> ErrorLines => Lines(Error);

    /// <summary>A runner over <see cref="Commands"/>, writing to <see cref="Out"/> and <see cref="Error"/>, program <c>app</c>.</summary>
    public CliRunner Runner(IProcessControl? processes = null) =>
        new(Commands, new CliConsole(Out, Error, Colour: false), processes ?? Processes, Scheduler, "app");

    /// <summary>A command's context with <see cref="Limits"/>.</summary>
    public CliContext Context(params string[] arguments) => new(
        new PluginRun(Master, arguments),
        "app",
        new PidFileSet(Pids),
        new CliConsole(Out, Error, Colour: false),
        Processes,
        Scheduler,
        Limits,
        Commands);

    /// <summary>Writes pid file <paramref name="name"/> as the PidFiles plugin does (atomically).</summary>
    public void Write(string name, int pid) => PidDirectory.Open(Pids).Apply(PidFileChange.Write(name, pid));

    public void Remove(string name) => File.Delete(Path.Combine(Pids, name + ".pid"));

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>The lines written, each ended by a newline (blank ones kept).</summary>
    private static string[] Lines(StringWriter writer) =>
        writer.ToString() is { Length: > 0 } text ? text.TrimEnd('\n').Split('\n') : [];
}
