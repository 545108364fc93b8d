namespace Cluster.Rx;

/// <summary>
/// A snapshot of a cluster's statistics, as <see cref="StatsObservable.ToStats(IObservable{ClusterEvent}, IObservable{PluginMessage{WorkerActivity}}, System.Reactive.Concurrency.IScheduler)"/>
/// emits them: the master with the cluster's totals, and every live worker. Immutable; equal when the timestamps,
/// the masters and the workers (one by one, in order) are.
/// </summary>
/// <param name="Timestamp">The time of the input this snapshot follows, by the master's scheduler clock.</param>
/// <param name="Master">The master and the cluster's totals.</param>
/// <param name="Workers">The live workers, by id, then by spawn time.</param>
public sealed record ClusterStats(DateTimeOffset Timestamp, MasterStats Master, IReadOnlyList<WorkerStats> Workers)
{
    /// <inheritdoc/>
    public bool Equals(ClusterStats? other) =>
        other is not null
        && Timestamp == other.Timestamp
        && Master == other.Master
        && Workers.SequenceEqual(other.Workers);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Timestamp, Master, Workers.Count);
}
