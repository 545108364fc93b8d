namespace Cluster.Rx.Ipc;

/// <summary>Worker to master: shutting down, connections still open.</summary>
internal sealed record WaitingMessage(int Connections);
