namespace Cluster.Rx.Hosting;

/// <summary>Runs a Generic Host as a cluster (filled in by the hosting work).</summary>
public static class ClusterHostExtensions
{
}
