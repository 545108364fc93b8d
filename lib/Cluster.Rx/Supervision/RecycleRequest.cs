namespace Cluster.Rx.Supervision;

/// <summary>A worker waiting to be recycled: why, in words, and not before when (a retry after a failed successor).</summary>
internal sealed record RecycleRequest(RecycleReason Reason, string Detail, DateTimeOffset NotBefore);
