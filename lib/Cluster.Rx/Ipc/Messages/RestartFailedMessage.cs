namespace Cluster.Rx.Ipc;

/// <summary>Replacement master to the master it replaces: why the restart failed, and the last worker exception it saw.</summary>
internal sealed record RestartFailedMessage(string Reason, int? WorkerId, int? WorkerPid, ExceptionMessage? Exception);
