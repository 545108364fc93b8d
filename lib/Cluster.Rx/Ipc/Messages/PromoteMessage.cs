namespace Cluster.Rx.Ipc;

/// <summary>Master to a standby: the worker id it takes from now on.</summary>
internal sealed record PromoteMessage(int Id);
