using Cluster.Rx.Serving;

namespace Cluster.Rx.Supervision;

/// <summary>
/// Starts workers as real processes: this program again, with the worker variables, inheriting the listening
/// socket's descriptor (and the backlog it listens with), stdout and stderr.
/// </summary>
internal sealed class ProcessWorkerLauncher(WorkerCommandLine commandLine, string ipcPath, int? listenFd, int backlog) : IWorkerLauncher
{
    public IWorkerProcess Launch(int id)
    {
        var environment = new WorkerEnvironment(id, Environment.ProcessId, ipcPath, listenFd, listenFd is null ? null : backlog);
        return new WorkerProcessHandle(ProgramLauncher.Start(commandLine, environment.ToVariables()));
    }
}
