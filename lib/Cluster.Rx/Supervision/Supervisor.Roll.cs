using Cluster.Rx.Internal;

namespace Cluster.Rx.Supervision;

/// <content>Rolling the workers: each id gets a successor that must connect before its predecessor is let go.</content>
internal sealed partial class Supervisor
{
    private WorkerRoll? _roll;

    /// <summary>The signal of a roll asked for while another was under way: it starts when that one ends.</summary>
    private Signal? _rollAgain;

    /// <summary>
    /// Replaces every worker, one at a time: a successor takes the id and connects before the old one is sent
    /// <paramref name="signal"/> (SIGQUIT: a graceful stop); the next is rolled once the old one has exited. A
    /// successor that dies or misses <c>ready timeout</c> leaves its predecessor serving and stops the roll
    /// (<see cref="RestartFailed"/>). Asked for while a roll is under way, every worker is rolled once more when
    /// that roll ends (finished or failed); further requests meanwhile add nothing (the last one's signal counts).
    /// </summary>
    public void RestartWorkers(Signal signal) => Post(() =>
    {
        if (State != MasterState.Active)
        {
            _log.Write(LogEvents.RollRefused);
            return;
        }

        if (_roll is not null)
        {
            _log.Write(_rollAgain is not null ? LogEvents.RollJoined : _recycling is null ? LogEvents.RollQueued : LogEvents.RollAfterRecycle);
            _rollAgain = signal;
            return;
        }

        StartRoll(signal);
    });

    private void StartRoll(Signal signal)
    {
        _roll = new WorkerRoll(Table.ServingIds.ToList(), signal);
        RenewStandbys();
        RollNext();
    }

    /// <summary>A roll has ended: the one asked for meanwhile, if any, starts now; else a worker due for recycling.</summary>
    private void RollAgain()
    {
        EndRecycle();
        if (_rollAgain is { } signal && State == MasterState.Active)
        {
            _rollAgain = null;
            StartRoll(signal);
        }

        RecycleNext();
    }

    private void RollNext()
    {
        while (_roll?.Next() is int id)
        {
            if (Table.Serving(id) is not { Phase: not WorkerPhase.Stopping })
            {
                continue;
            }

            StartWorker(id, WorkerRole.Successor);
            return;
        }

        _roll = null;
        RollAgain();
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
        var recycle = RecycleFailed(reason);
        _roll = null;
        var predecessor = Table.Serving(id);
        if (!recycle)
        {
            _log.Write(predecessor is null
                ? LogEvents.RollFailed.With(reason, id)
                : LogEvents.RollFailedKeepsServing.With(reason, id, predecessor.Pid));
        }

        Publish(new RestartFailed(_scheduler.Now, reason, pid, exitCode, lastException));
        if (predecessor is null && State == MasterState.Active && !Table.IsTaken(id))
        {
            OnBootFailure(id, reason);
        }

        RollAgain();
    }
}
