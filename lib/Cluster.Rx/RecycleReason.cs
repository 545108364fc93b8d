namespace Cluster.Rx;

/// <summary>Why a worker is recycled (<see cref="WorkerRecycled"/>).</summary>
public enum RecycleReason
{
    /// <summary>It has served its share of requests: <c>max requests</c>, plus its own part of <c>max requests jitter</c>.</summary>
    MaxRequests,

    /// <summary>Its resident memory (RSS) went over <c>max memory</c>.</summary>
    MaxMemory,
}
