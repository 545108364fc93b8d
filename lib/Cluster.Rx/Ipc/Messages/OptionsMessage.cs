namespace Cluster.Rx.Ipc;

/// <summary>Master to worker: the settings a worker applies.</summary>
internal sealed record OptionsMessage(int TimeoutMs, string Title, string? User, string? Group, string WorkingDirectory);
