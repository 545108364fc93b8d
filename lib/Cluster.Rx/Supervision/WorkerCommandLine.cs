using System.Text;

namespace Cluster.Rx.Supervision;

/// <summary>
/// The command line that started this program, to start it again as a worker (or a replacement master):
/// the executable <see cref="Environment.ProcessPath"/> with the arguments from <c>/proc/self/cmdline</c>, so
/// <c>dotnet app.dll</c>, an app host and <c>dotnet exec …</c> are all repeated exactly as they were given.
/// </summary>
internal sealed record WorkerCommandLine(string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory)
{
    /// <summary>This process's command line, resolved against the current directory (call before changing it).</summary>
    public static WorkerCommandLine Current()
    {
        var fileName = Environment.ProcessPath
            ?? throw new ClusterException("cannot tell which executable is running (Environment.ProcessPath is null); workers cannot be started");
        var argv = File.ReadAllText("/proc/self/cmdline", Encoding.UTF8).Split('\0');

        // cmdline ends with a NUL, so the last element is empty; argv[0] is replaced by the resolved executable.
        var arguments = argv.Skip(1).Take(Math.Max(0, argv.Length - 2)).ToArray();
        return new(fileName, arguments, Environment.CurrentDirectory);
    }
}
