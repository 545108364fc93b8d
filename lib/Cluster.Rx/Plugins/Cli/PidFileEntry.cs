using Cluster.Rx.Interop;

namespace Cluster.Rx;

/// <summary>One pid file as <see cref="PidFileSet"/> read it.</summary>
/// <param name="Name">Its name without <c>.pid</c>: <c>master</c>, <c>worker.0</c>, …</param>
/// <param name="Pid">The pid it holds (1 or more).</param>
/// <param name="Identity">Which file was read: a file written again (a new file renamed over it) has another.</param>
internal sealed record PidFileEntry(string Name, int Pid, FileIdentity Identity);
