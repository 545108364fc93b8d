namespace Cluster.Rx;

/// <summary>An event about one worker.</summary>
/// <param name="Timestamp">When it happened, by the master's scheduler clock.</param>
/// <param name="Worker">The worker concerned.</param>
public abstract record WorkerEvent(DateTimeOffset Timestamp, Worker Worker) : ClusterEvent(Timestamp)
{
    /// <summary>The worker's id.</summary>
    public int Id => Worker.Id;

    /// <summary>The worker's pid.</summary>
    public int Pid => Worker.Pid;
}
