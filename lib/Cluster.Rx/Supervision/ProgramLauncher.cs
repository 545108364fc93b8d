using System.ComponentModel;
using System.Diagnostics;

namespace Cluster.Rx.Supervision;

/// <summary>
/// Starts this program again (as a worker or a replacement master) with extra environment variables; its stdout and
/// stderr are the master's own, or pipes the caller reads.
/// </summary>
internal static class ProgramLauncher
{
    /// <exception cref="ClusterException">The process could not be started.</exception>
    public static Process Start(WorkerCommandLine commandLine, IEnumerable<KeyValuePair<string, string>> variables, bool redirectOutput = false)
    {
        var start = new ProcessStartInfo(commandLine.FileName, commandLine.Arguments)
        {
            UseShellExecute = false,
            WorkingDirectory = commandLine.WorkingDirectory,
            RedirectStandardOutput = redirectOutput,
            RedirectStandardError = redirectOutput,
        };
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        try
        {
            process.Start();
            return process;
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new ClusterException($"cannot start '{commandLine.FileName}': {e.Message}", e);
        }
    }
}
