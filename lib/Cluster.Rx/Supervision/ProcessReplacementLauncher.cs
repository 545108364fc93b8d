namespace Cluster.Rx.Supervision;

/// <summary>Starts the replacement master: this program again, inheriting the listening socket.</summary>
internal sealed class ProcessReplacementLauncher(WorkerCommandLine commandLine, string ipcPath, int? listenFd) : IReplacementLauncher
{
    public StartedProcess Launch(Signal signal)
    {
        var environment = new ReplacementEnvironment(Environment.ProcessId, ipcPath, listenFd, signal);
        var process = ProgramLauncher.Start(commandLine, environment.ToVariables());
        return new StartedProcess(process.Id, ProcessExit.Of(process));
    }
}
