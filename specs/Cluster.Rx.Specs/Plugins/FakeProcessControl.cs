using Cluster.Rx.Interop;

namespace Cluster.Rx.Specs;

/// <summary>Processes for the CLI's specs: which pids are alive, which may not be signalled, and every signal sent.</summary>
internal sealed class FakeProcessControl : IProcessControl
{
    public HashSet<int> Alive { get; } = [];

    /// <summary>Pids whose signals fail with EPERM (another user's processes).</summary>
    public HashSet<int> Forbidden { get; } = [];

    public List<(int Pid, Signal Signal)> Sent { get; } = [];

    public string? Owner { get; set; } = "www-data";

    public bool IsAlive(int pid) => Alive.Contains(pid);

    public KillResult Signal(int pid, Signal signal)
    {
        if (!Alive.Contains(pid))
        {
            return KillResult.NoSuchProcess;
        }

        if (Forbidden.Contains(pid))
        {
            return KillResult.NotPermitted;
        }

        Sent.Add((pid, signal));
        return KillResult.Sent;
    }

    public string? OwnerOf(int pid) => Owner;
}
