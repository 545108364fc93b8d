namespace Cluster.Rx;

/// <summary>A change to one pid file, as <see cref="PidFileObservable.ToPidFileChanges"/> produces them.</summary>
/// <param name="Action">Write the pid, or remove the file if it still holds the pid.</param>
/// <param name="Name">The file's name without <c>.pid</c>: <c>master</c>, <c>worker.0</c>, …</param>
/// <param name="Pid">The pid written, or the pid the file must hold to be removed.</param>
public sealed record PidFileChange(PidFileAction Action, string Name, int Pid)
{
    /// <summary>Writes <paramref name="pid"/> to <paramref name="name"/>.</summary>
    public static PidFileChange Write(string name, int pid) => new(PidFileAction.Write, name, pid);

    /// <summary>Removes <paramref name="name"/> if it still holds <paramref name="pid"/>.</summary>
    public static PidFileChange Remove(string name, int pid) => new(PidFileAction.Remove, name, pid);

    /// <summary>The file name of worker <paramref name="id"/>'s pid file, without <c>.pid</c>.</summary>
    internal static string WorkerName(int id) => $"worker.{id.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
