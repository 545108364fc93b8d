using Cluster.Rx.Interop;

namespace Cluster.Rx;

/// <summary>The real processes: <c>kill(2)</c> and <c>/proc</c>.</summary>
internal sealed class PosixProcessControl : IProcessControl
{
    public static PosixProcessControl Instance { get; } = new();

    public bool IsAlive(int pid) => ProcessProbe.IsAlive(pid);

    public KillResult Signal(int pid, Signal signal) => Libc.Kill(pid, (int)signal);

    public string? OwnerOf(int pid) => ProcessProbe.OwnerOf(pid);
}
