namespace Cluster.Rx;

/// <summary>Reads the machine's resources for the <c>stats</c> command (a fake in specs).</summary>
internal interface IResourceProbe
{
    /// <summary>The processors this process may use.</summary>
    int Cores { get; }

    /// <summary>The load average now; null when it cannot be read.</summary>
    LoadAverage? LoadAverage();

    /// <summary>The memory now; null when it cannot be read.</summary>
    MemoryStats? Memory();
}
