namespace Cluster.Rx.Ipc;

/// <summary>Worker to master, first: who the worker is.</summary>
internal sealed record HelloMessage(int Id, int Pid);
