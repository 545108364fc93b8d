namespace Cluster.Rx;

/// <summary>The system's memory, in bytes (from <c>/proc/meminfo</c>).</summary>
/// <param name="Free">Memory available to start new programs without swapping (<c>MemAvailable</c>).</param>
/// <param name="Total">Usable memory (<c>MemTotal</c>).</param>
public sealed record MemoryStats(long Free, long Total);
