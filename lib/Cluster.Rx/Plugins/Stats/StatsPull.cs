namespace Cluster.Rx;

/// <summary>The master asks every worker for its totals now (plugin channel <c>stats.pull</c>); each answers with a <see cref="WorkerActivity"/> carrying <paramref name="Id"/>.</summary>
/// <param name="Id">The pull's number, increasing from 1.</param>
internal sealed record StatsPull(long Id);
