namespace Cluster.Rx.Supervision;

/// <content>Rolling the workers: each id gets a successor that must connect before its predecessor is let go.</content>
internal sealed partial class Supervisor
{
    private WorkerRoll? _roll;

    /// <summary>
    /// Replaces every worker, one at a time: a successor takes the id and connects before the old one is sent
    /// <paramref name="signal"/> (SIGQUIT: a graceful stop); the next is rolled once the old one has exited. A
    /// successor that dies or misses <c>ready timeout</c> leaves its predecessor serving and stops the roll
    /// (<see cref="RestartFailed"/>). Ignored while a roll is under way.
    /// </summary>
    public void RestartWorkers(Signal signal) => Post(() =>
    {
        if (State != MasterState.Active || _roll is not null)
        {
            _log.Warning(_roll is null ? "not restarting workers: the master is shutting down" : "workers are being restarted already; ignoring the new request");
            return;
        }

        _roll = new WorkerRoll(Table.ServingIds.ToList(), signal);
        RollNext();
    });

    private void RollNext()
    {
        while (_roll?.Next() is int id)
        {
            if (Table.Serving(id) is not { Phase: not WorkerPhase.Stopping })
            {
                continue;
            }

            SpawnWorker(id, WorkerRole.Successor);
            return;
        }

        _roll = null;
    }

    /// <summary>The successor of an id has connected: it serves now, and its predecessor is let go.</summary>
    private void TakeOver(WorkerEntry successor)
    {
        var predecessor = Table.Serving(successor.Id);
        Table.SetRole(successor, WorkerRole.Serving);
        if (predecessor is null)
        {
            if (_roll?.Id == successor.Id)
            {
                RollNext();
            }

            return;
        }

        Table.SetRole(predecessor, WorkerRole.Retiring);
        predecessor.Stop(_roll?.Signal ?? Signal.SIGQUIT);
        if (_roll?.Id == successor.Id)
        {
            _roll.Predecessor = predecessor;
        }
    }

    /// <summary>A successor failed: its predecessor keeps serving (or, if that one is gone too, the id is respawned), the roll stops.</summary>
    private void FailRoll(int id, int pid, int? exitCode, WorkerException? lastException, string reason)
    {
        _roll = null;
        var predecessor = Table.Serving(id);
        _log.Error($"restarting the workers failed: {reason}; " + (predecessor is null
            ? $"worker {id} is started again and the roll stops"
            : $"worker {id} (pid {predecessor.Pid}) keeps serving and the roll stops"));
        _publish(new RestartFailed(_scheduler.Now, reason, pid, exitCode, lastException));
        if (predecessor is null && State == MasterState.Active && !Table.IsTaken(id))
        {
            OnBootFailure(id, reason);
        }
    }
}
