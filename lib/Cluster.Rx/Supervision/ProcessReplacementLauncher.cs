using Cluster.Rx.Interop;

namespace Cluster.Rx.Supervision;

/// <summary>
/// Starts the replacement master: this program again, inheriting the listening socket. When it has exited, the IPC
/// socket file it may have left (killed before it could remove it) is removed: same settings, same directory.
/// <paramref name="variables"/> are passed on to it besides (systemd's, which this master took out of its own environment).
/// </summary>
internal sealed class ProcessReplacementLauncher(
    WorkerCommandLine commandLine,
    string ipcPath,
    int? listenFd,
    IEnumerable<KeyValuePair<string, string>>? variables = null) : IReplacementLauncher
{
    public StartedProcess Launch(Signal signal)
    {
        var environment = new ReplacementEnvironment(Environment.ProcessId, ipcPath, listenFd, signal);
        var process = ProgramLauncher.Start(commandLine, environment.ToVariables().Concat(variables ?? []));
        var pid = process.Id;
        var exited = ProcessExit.Of(process);
        var gone = false;
        exited.Subscribe(_ =>
        {
            gone = true;
            RemoveSocketOf(pid);
        });
        return new StartedProcess(pid, exited, sent =>
        {
            // Once reaped, the pid may belong to another process: never signal it then.
            if (!gone)
            {
                Libc.Send(pid, sent);
            }
        });
    }

    private void RemoveSocketOf(int pid)
    {
        try
        {
            File.Delete(Path.Combine(Path.GetDirectoryName(ipcPath) ?? ".", $"cluster.{pid}.sock"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing to clean, or not ours to clean.
        }
    }
}
