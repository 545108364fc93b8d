using System.Globalization;

namespace Cluster.Rx.Supervision;

/// <summary>
/// What a replacement master learns from its environment: the master it replaces, that master's IPC socket,
/// the inherited listening socket and the signal to send once its own workers listen.
/// </summary>
internal sealed record ReplacementEnvironment(int ParentPid, string ParentIpcPath, int? ListenFd, Signal Signal)
{
    public const string ReplacementVariable = "CLUSTER_REPLACEMENT_MASTER";
    public const string ParentPidVariable = "CLUSTER_PARENT_PID";
    public const string ParentIpcPathVariable = "CLUSTER_PARENT_IPC_PATH";
    public const string ListenFdVariable = Serving.WorkerEnvironment.ListenFdVariable;
    public const string SignalVariable = "CLUSTER_RESTART_SIGNAL";

    private static readonly string[] Variables = [ReplacementVariable, ParentPidVariable, ParentIpcPathVariable, ListenFdVariable, SignalVariable];

    /// <summary>
    /// Reads this process's replacement environment (null when it is not a replacement) and removes it, so the
    /// workers and the next replacement this master starts do not inherit it.
    /// </summary>
    /// <summary>True in a replacement master (before <see cref="Take"/> clears the variables).</summary>
    public static bool IsReplacement => Environment.GetEnvironmentVariable(ReplacementVariable) == "1";

    public static ReplacementEnvironment? Take()
    {
        if (!IsReplacement)
        {
            return null;
        }

        var environment = new ReplacementEnvironment(
            Parse(ParentPidVariable) ?? throw Missing(ParentPidVariable),
            Environment.GetEnvironmentVariable(ParentIpcPathVariable) ?? throw Missing(ParentIpcPathVariable),
            Parse(ListenFdVariable),
            (Signal)(Parse(SignalVariable) ?? (int)Signal.SIGQUIT));
        foreach (var name in Variables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        return environment;
    }

    /// <summary>The variables that make a process this replacement.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToVariables()
    {
        yield return new(ReplacementVariable, "1");
        yield return new(ParentPidVariable, Format(ParentPid));
        yield return new(ParentIpcPathVariable, ParentIpcPath);
        yield return new(SignalVariable, Format((int)Signal));
        if (ListenFd is int fd)
        {
            yield return new(ListenFdVariable, Format(fd));
        }
    }

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int? Parse(string name) => Environment.GetEnvironmentVariable(name) is { } value
        ? int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new ClusterException($"environment variable {name} is '{value}'; a replacement master needs a whole number there (it is set by the master it replaces)")
        : null;

    private static ClusterException Missing(string name) =>
        new($"environment variable {name} is missing; {ReplacementVariable}=1 is set, so this process was started as a replacement master, and the old master sets both");
}
