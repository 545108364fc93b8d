using System.IO.Pipes;
using Cluster.Rx.Extensibility;
using Cluster.Rx.Serving;

namespace Cluster.Rx.Supervision;

/// <summary>
/// Starts workers as real processes: this program again, with the worker variables, inheriting the listening
/// socket's descriptor (and the backlog it listens with). A worker's stdout and stderr are the master's own, unless
/// a plugin observes them at its spawn: then the master reads them into lines (<paramref name="output"/>).
/// </summary>
internal sealed class ProcessWorkerLauncher(WorkerCommandLine commandLine, string ipcPath, int? listenFd, int backlog, OutputReader output) : IWorkerLauncher
{
    public IWorkerProcess Launch(int id, bool standby = false)
    {
        var environment = new WorkerEnvironment(id, Environment.ProcessId, ipcPath, listenFd, listenFd is null ? null : backlog, standby);
        var capture = output.Capturing;
        var process = ProgramLauncher.Start(commandLine, environment.ToVariables(), redirectOutput: capture);
        if (!capture)
        {
            return new WorkerProcessHandle(process, Task.CompletedTask);
        }

        var worker = new Worker(id, process.Id);
        var read = Task.WhenAll(
            output.Add((PipeStream)process.StandardOutput.BaseStream, worker, OutputKind.Stdout),
            output.Add((PipeStream)process.StandardError.BaseStream, worker, OutputKind.Stderr));
        return new WorkerProcessHandle(process, read);
    }
}
