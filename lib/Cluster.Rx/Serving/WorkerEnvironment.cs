using System.Globalization;

namespace Cluster.Rx.Serving;

/// <summary>
/// What a worker learns from its environment: who it is and where the master and the shared socket are.
/// The master sets these variables when it starts a worker. A standby (<see cref="Standby"/>) starts with a free id
/// of its own and takes the id of the worker it replaces when the master promotes it.
/// </summary>
internal sealed record WorkerEnvironment(int Id, int MasterPid, string IpcPath, int? ListenFd, int? Backlog = null, bool Standby = false)
{
    public const string WorkerVariable = "CLUSTER_WORKER";
    public const string MasterPidVariable = "CLUSTER_MASTER_PID";
    public const string IpcPathVariable = "CLUSTER_IPC_PATH";
    public const string ListenFdVariable = "CLUSTER_LISTEN_FD";
    public const string BacklogVariable = "CLUSTER_BACKLOG";
    public const string StandbyVariable = "CLUSTER_STANDBY";

    /// <summary>This process's worker environment, or null when this process is not a worker.</summary>
    public static WorkerEnvironment? Read(Func<string, string?> variable)
    {
        if (variable(WorkerVariable) is not { } id)
        {
            return null;
        }

        return new(
            Parse(WorkerVariable, id),
            Parse(MasterPidVariable, variable(MasterPidVariable)),
            variable(IpcPathVariable) ?? throw Missing(IpcPathVariable),
            variable(ListenFdVariable) is { } fd ? Parse(ListenFdVariable, fd) : null,
            variable(BacklogVariable) is { } backlog ? Parse(BacklogVariable, backlog) : null,
            variable(StandbyVariable) == "1");
    }

    /// <summary>The variables that make a process this worker.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToVariables()
    {
        yield return new(WorkerVariable, Format(Id));
        yield return new(MasterPidVariable, Format(MasterPid));
        yield return new(IpcPathVariable, IpcPath);
        if (ListenFd is int fd)
        {
            yield return new(ListenFdVariable, Format(fd));
        }

        if (Backlog is int backlog)
        {
            yield return new(BacklogVariable, Format(backlog));
        }

        if (Standby)
        {
            yield return new(StandbyVariable, "1");
        }
    }

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int Parse(string name, string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new ClusterException($"environment variable {name} is '{value}'; a worker needs a whole number there (it is set by the master)");

    private static ClusterException Missing(string name) =>
        new($"environment variable {name} is missing; {WorkerVariable} is set, so this process was started as a worker, and the master sets both");
}
