namespace Cluster.Rx;

/// <summary>The <c>stats</c> command's answer as JSON: <c>master</c>, <c>resources</c>, <c>workers</c>.</summary>
internal sealed record StatsAnswer(MasterStats Master, ResourceStats Resources, IReadOnlyList<WorkerStats> Workers);
