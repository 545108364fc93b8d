using Cluster.Rx.Settings;

namespace Cluster.Rx.Supervision;

/// <summary>
/// Spawn pacing: at most <c>spawn concurrency</c> new serving workers start at once. The others wait, in id order,
/// with their id reserved in <see cref="Table"/> (so it counts as taken, is released by <c>Remove</c> and by a
/// shutdown), and each starts when a starting worker connects or exits. Started all at once on a few cores, dozens of
/// .NET processes share the CPU with the master, which then answers their handshakes late: the start-up of every
/// worker, and of the cluster, stretches (64 at once on 2 cores: ~21 s to serve, against ~19 s eight at a time).
/// </summary>
internal sealed partial class Supervisor
{
    private readonly Queue<(int Id, Deferral Token)> _deferred = new();

    /// <summary>True when serving worker <paramref name="id"/> must wait for a free start slot; it is then queued.</summary>
    private bool Defer(int id)
    {
        if (_spawnConcurrency == 0 || Starting() < _spawnConcurrency)
        {
            return false;
        }

        var token = new Deferral();
        Table.Reserve(id, token);
        _deferred.Enqueue((id, token));
        return true;
    }

    /// <summary>Starts waiting workers while there are free start slots.</summary>
    private void StartDeferred()
    {
        while (_deferred.Count > 0 && State == MasterState.Active && (_spawnConcurrency == 0 || Starting() < _spawnConcurrency))
        {
            var (id, token) = _deferred.Dequeue();
            if (Table.Reservation(id) == token && Table.Release(id, cancel: false) && Table.Serving(id) is null)
            {
                StartWorker(id, WorkerRole.Serving);
            }
        }
    }

    /// <summary>Workers spawned and not connected yet, of any role (successors start too).</summary>
    private int Starting() => Table.All.Count(e => e.ConnectedAt is null && e.Phase == WorkerPhase.Spawned);

    /// <summary>Holds an id for a deferred spawn; nothing to cancel.</summary>
    private sealed class Deferral : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
