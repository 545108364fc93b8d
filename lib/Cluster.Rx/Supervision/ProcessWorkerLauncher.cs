using System.Collections.Concurrent;
using Cluster.Rx.Serving;

namespace Cluster.Rx.Supervision;

/// <summary>
/// Starts workers as real processes: this program again, with the worker variables, inheriting the listening
/// socket's descriptor (and the backlog it listens with), stdout and stderr.
/// </summary>
internal sealed class ProcessWorkerLauncher(WorkerCommandLine commandLine, string ipcPath, int? listenFd, int backlog) : IWorkerLauncher
{
    private readonly ConcurrentDictionary<int, WorkerProcessHandle> _handles = new();

    public IWorkerProcess Launch(int id)
    {
        var environment = new WorkerEnvironment(id, Environment.ProcessId, ipcPath, listenFd, listenFd is null ? null : backlog);
        var handle = new WorkerProcessHandle(id, ProgramLauncher.Start(commandLine, environment.ToVariables()));
        _handles[id] = handle;
        return handle;
    }

    /// <summary>The live worker <paramref name="id"/> when its pid is <paramref name="pid"/>.</summary>
    public WorkerProcessHandle? Find(int id, int pid) =>
        _handles.TryGetValue(id, out var handle) && handle.Pid == pid && !handle.HasExited ? handle : null;
}
