namespace Cluster.Rx;

/// <summary>The machine's resources, as the <c>stats</c> command of <see cref="Plugins.Stats"/> shows them.</summary>
/// <param name="LoadAverage">The load average now; null when <c>/proc/loadavg</c> cannot be read.</param>
/// <param name="Cores">The processors this process may use (<see cref="Environment.ProcessorCount"/>).</param>
/// <param name="MemoryAtBoot">Memory when the master started (when the plugin attached); null when <c>/proc/meminfo</c> cannot be read.</param>
/// <param name="MemoryNow">Memory now; null when <c>/proc/meminfo</c> cannot be read.</param>
public sealed record ResourceStats(LoadAverage? LoadAverage, int Cores, MemoryStats? MemoryAtBoot, MemoryStats? MemoryNow);
