namespace Cluster.Rx.Supervision;

/// <summary>
/// The state of a rolling restart of the workers: the ids still to roll, the id being rolled now, the worker it
/// replaces (until that one has exited) and whether its successor has connected.
/// </summary>
internal sealed class WorkerRoll(IEnumerable<int> ids, Signal signal)
{
    private readonly Queue<int> _pending = new(ids);

    public Signal Signal { get; } = signal;

    /// <summary>The id being rolled now.</summary>
    public int? Id { get; private set; }

    /// <summary>The old worker of <see cref="Id"/>, until it has exited.</summary>
    public WorkerSlot? Old { get; set; }

    /// <summary>True once the new worker of <see cref="Id"/> has connected.</summary>
    public bool NewConnected { get; set; }

    /// <summary>Moves on to the next id, or null when every id has been rolled.</summary>
    public int? Next()
    {
        NewConnected = false;
        Old = null;
        Id = _pending.TryDequeue(out var id) ? id : null;
        return Id;
    }
}
