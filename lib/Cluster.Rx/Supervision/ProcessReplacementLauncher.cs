using Cluster.Rx.Interop;

namespace Cluster.Rx.Supervision;

/// <summary>Starts the replacement master: this program again, inheriting the listening socket.</summary>
internal sealed class ProcessReplacementLauncher(WorkerCommandLine commandLine, string ipcPath, int? listenFd) : IReplacementLauncher
{
    public StartedProcess Launch(Signal signal)
    {
        var environment = new ReplacementEnvironment(Environment.ProcessId, ipcPath, listenFd, signal);
        var process = ProgramLauncher.Start(commandLine, environment.ToVariables());
        var pid = process.Id;
        var exited = ProcessExit.Of(process);
        var gone = false;
        exited.Subscribe(_ => gone = true);
        return new StartedProcess(pid, exited, sent =>
        {
            // Once reaped, the pid may belong to another process: never signal it then.
            if (!gone)
            {
                Posix.Kill(pid, sent);
            }
        });
    }
}
