namespace Cluster.Rx.Ipc;

/// <summary>Worker to master: recycle me; I have served <paramref name="Requests"/> requests, my limit being <paramref name="Limit"/>.</summary>
internal sealed record RecycleMessage(long Requests, long Limit);
