using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using Cluster.Rx.Internal;

namespace Cluster.Rx.Supervision;

/// <content>
/// Hung workers. A serving worker sends a heartbeat from its thread pool every <see cref="Heartbeats.Interval"/>
/// (a quarter of <c>heartbeat timeout</c>); an IPC thread records its time and does nothing else. One check on the
/// master's loop is due when the first watched worker would have been silent for the whole timeout (none is
/// scheduled while no worker serves). It publishes <see cref="WorkerHung"/> for each watched worker silent that long
/// and kills it with SIGKILL right after, then sets itself for the next such moment. While every worker beats, that
/// moment moves on with each heartbeat: the master wakes for a check about once per timeout, not at every interval.
/// Watched are the workers that have connected and that the master has neither asked to stop nor signalled: a
/// starting worker is left to <c>ready timeout</c>, a stopping one to <c>timeout</c>, and a shutting-down master
/// checks nothing.
/// </content>
/// <remarks>
/// A check that runs more than one interval after it was due means the master itself was not running (SIGSTOP,
/// a suspended machine, a starved thread pool, a wall clock set forward): heartbeats that arrived meanwhile may not
/// have been read, so the master blames no one for that gap, and counts every worker's silence from that check at
/// the earliest. A hung worker's death is a death like any other (it is not marked as signalled by the master): its
/// replacement is backed off by <see cref="RespawnPolicy"/>, and since a hang is only found after a full timeout of
/// silence, a worker that hangs again after every start is replaced at most once per timeout.
/// </remarks>
internal sealed partial class Supervisor
{
    private readonly SerialDisposable _heartbeatCheck = new();
    private bool _checking;
    private DateTimeOffset _blameFrom = DateTimeOffset.MinValue;

    /// <summary>Worker process <paramref name="pid"/> sent a heartbeat. From an IPC thread: records the time, nothing more.</summary>
    public void Heartbeat(int pid) => _heartbeats.Beat(pid, _scheduler.Now);

    /// <summary>
    /// A worker has connected: it is watched from now on, and the check is set if it was not. One already set is due
    /// no later than this worker's own deadline (every other watched worker was last heard before now).
    /// </summary>
    private void WatchHeartbeats()
    {
        if (_heartbeats.Enabled && !_checking)
        {
            ScheduleHeartbeatCheck(_scheduler.Now + _heartbeats.Timeout);
        }
    }

    private void ScheduleHeartbeatCheck(DateTimeOffset due)
    {
        _checking = true;
        _heartbeatCheck.Disposable = _scheduler.Schedule(due - _scheduler.Now, () => CheckHeartbeats(due));
    }

    private void CheckHeartbeats(DateTimeOffset due)
    {
        _checking = false;
        if (State != MasterState.Active)
        {
            return;
        }

        var now = _scheduler.Now;
        if (now - due > _heartbeats.Interval)
        {
            _log.Write(LogEvents.HeartbeatCheckLate, (now - due).TotalSeconds);
            _blameFrom = now;
        }

        _heartbeats.Prune(pid => Table.ByPid(pid) is not null);
        DateTimeOffset? next = null;
        foreach (var entry in Table.All.Where(IsWatched).ToList())
        {
            var heard = _heartbeats.Last(entry.Pid) is { } last && last > entry.ConnectedAt!.Value ? last : entry.ConnectedAt!.Value;
            var deadline = (heard > _blameFrom ? heard : _blameFrom) + _heartbeats.Timeout;
            if (now >= deadline)
            {
                OnHung(entry, now - heard);
            }
            else if (next is null || deadline < next)
            {
                next = deadline;
            }
        }

        if (next is { } nextDue)
        {
            ScheduleHeartbeatCheck(nextDue);
        }
    }

    private static bool IsWatched(WorkerEntry entry) =>
        entry is { Phase: WorkerPhase.Connected, ConnectedAt: not null, Signaled: false };

    private void OnHung(WorkerEntry entry, TimeSpan silence)
    {
        // A standby is no worker yet: it is only logged (and replaced by another standby).
        if (entry.Role != WorkerRole.Standby)
        {
            Publish(new WorkerHung(_scheduler.Now, entry.Worker, silence));
        }

        _log.Write(LogEvents.HeartbeatMissed, entry.Id, entry.Pid, silence.TotalSeconds, _heartbeats.Timeout.TotalMilliseconds);

        // Not marked as signalled: its exit is a death, replaced (and backed off) like any other.
        entry.Phase = WorkerPhase.Stopping;
        entry.Process.Signal(Signal.SIGKILL);
    }
}
