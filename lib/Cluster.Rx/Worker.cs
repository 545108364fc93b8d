namespace Cluster.Rx;

/// <summary>A worker process as the master knows it: its id (0, 1, …, reused by its replacement) and pid.</summary>
/// <param name="Id">The worker's id; a replacement for a dead worker gets the same id.</param>
/// <param name="Pid">The worker's operating-system process id.</param>
public sealed record Worker(int Id, int Pid);
