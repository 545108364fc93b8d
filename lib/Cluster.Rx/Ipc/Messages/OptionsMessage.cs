namespace Cluster.Rx.Ipc;

/// <summary>
/// Master to worker: the settings a worker applies; <c>MaxRequests</c> (0: no limit) and <c>MaxRequestsJitter</c>
/// are <c>max requests</c> and <c>max requests jitter</c>, from which the worker draws its own limit.
/// </summary>
internal sealed record OptionsMessage(int TimeoutMs, string Title, string? User, string? Group, string WorkingDirectory, long MaxRequests = 0, long MaxRequestsJitter = 0);
