namespace Cluster.Rx.Supervision;

/// <summary>
/// A rolling restart of the workers: the ids still to roll, the id being rolled now and the worker it replaces
/// once that one has been let go (until it has exited). The processes themselves are in <see cref="WorkerTable"/>.
/// </summary>
internal sealed class WorkerRoll(IEnumerable<int> ids, Signal signal)
{
    private readonly Queue<int> _pending = new(ids);

    public Signal Signal { get; } = signal;

    /// <summary>The id being rolled now.</summary>
    public int? Id { get; private set; }

    /// <summary>The retiring predecessor of <see cref="Id"/>, until it has exited; the roll goes on then.</summary>
    public WorkerEntry? Predecessor { get; set; }

    /// <summary>Moves on to the next id, or null when every id has been rolled.</summary>
    public int? Next()
    {
        Predecessor = null;
        Id = _pending.TryDequeue(out var id) ? id : null;
        return Id;
    }
}
