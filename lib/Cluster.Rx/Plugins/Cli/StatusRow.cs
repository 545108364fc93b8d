namespace Cluster.Rx;

/// <summary>One line of the <c>status</c> table.</summary>
/// <param name="Name">The pid file's name: <c>master</c>, <c>worker.0</c>, …</param>
/// <param name="Pid">The pid it holds.</param>
/// <param name="Alive">Whether that process is alive.</param>
internal sealed record StatusRow(string Name, int Pid, bool Alive);
