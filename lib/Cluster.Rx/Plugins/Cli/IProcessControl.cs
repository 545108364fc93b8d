using Cluster.Rx.Interop;

namespace Cluster.Rx;

/// <summary>Processes by pid, as the commands of <see cref="Plugins.Cli"/> see them (a fake in specs).</summary>
internal interface IProcessControl
{
    /// <summary>True when <paramref name="pid"/> is a live process (one of another user's too; not a zombie).</summary>
    bool IsAlive(int pid);

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>.</summary>
    KillResult Signal(int pid, Signal signal);

    /// <summary>The user <paramref name="pid"/> runs as, for messages; null when it cannot be told.</summary>
    string? OwnerOf(int pid);
}
