using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using Cluster.Rx.Internal;

namespace Cluster.Rx.Supervision;

/// <content>
/// Hot standbys (<c>standby</c>): extra processes started and connected but not accepting. A worker id that needs a
/// process (a dead worker's, a new one's, or one rolled or recycled) takes a ready standby, which starts accepting at
/// once; a new standby is started behind it once it serves. The standbys start once the first workers all serve, so
/// that they never slow the cluster's own start.
/// </content>
internal sealed partial class Supervisor
{
    /// <summary>The respawn policy's key for standbys: they back off together, apart from every worker id.</summary>
    private const int StandbyKey = -1;

    private readonly int _standbys;
    private readonly SerialDisposable _standbyRespawn = new();
    private bool _standbysStarted;

    /// <summary>Starts a process for <paramref name="id"/> in <paramref name="role"/>: a ready standby if there is one, else a new process.</summary>
    private void StartWorker(int id, WorkerRole role)
    {
        if (!TryPromote(id, role))
        {
            SpawnWorker(id, role);
        }
    }

    /// <summary>Puts a ready standby in <paramref name="id"/>'s place; false when none is ready.</summary>
    private bool TryPromote(int id, WorkerRole role)
    {
        if (Table.ReadyStandby() is not { } standby)
        {
            return false;
        }

        Table.Promote(standby, id, role);
        standby.Process.Promote(id);
        _log.Write(LogEvents.StandbyPromoted, standby.Pid, id);
        Publish(new WorkerSpawned(_scheduler.Now, standby.Worker));

        // It says it serves (Connected) at once; one that does not within 'ready timeout' is a boot failure. The new
        // standby behind it starts once it serves: a process starting takes a core, which its first requests need more.
        standby.ReadyTimer.Disposable = _scheduler.Schedule(_readyTimeout, () => OnReadyTimeout(standby));
        return true;
    }

    /// <summary>
    /// A worker serves: once the first workers all serve, the standbys start, and from then on each worker that
    /// serves (a promoted standby, a replacement) has the missing standbys started behind it.
    /// </summary>
    private void OnServing()
    {
        _standbysStarted |= Table.Connected >= _target;
        StartStandbys();
    }

    /// <summary>Starts as many standbys as are missing, unless a standby's backoff is running.</summary>
    private void StartStandbys()
    {
        if (State != MasterState.Active || !_standbysStarted || _standbyRespawn.Disposable is not null)
        {
            return;
        }

        for (var missing = _standbys - Table.Standbys.Count(e => !e.Stale); missing > 0; missing--)
        {
            if (!SpawnStandby())
            {
                return;
            }
        }
    }

    private bool SpawnStandby()
    {
        var id = 0;
        while (Table.IsUsed(id))
        {
            id++;
        }

        IWorkerProcess process;
        try
        {
            process = _launcher.Launch(id, standby: true);
        }
        catch (ClusterException e)
        {
            _log.Write(LogEvents.StandbySpawnFailed, e.Message);
            BackOffStandbys(TimeSpan.Zero);
            return false;
        }

        Track(new WorkerEntry(new Worker(id, process.Pid), process, WorkerRole.Standby, _scheduler.Now));
        _log.Write(LogEvents.StandbyStarted, process.Pid);
        return true;
    }

    /// <summary>A report from a standby: it is ready (Connected), or about to die (an exception); nothing is published.</summary>
    private void OnStandbyReport(WorkerEntry entry, WorkerEvent report)
    {
        switch (report)
        {
            case WorkerConnected when entry.ConnectedAt is null:
                entry.ConnectedAt = report.Timestamp;
                entry.Phase = entry.Phase == WorkerPhase.Spawned ? WorkerPhase.Connected : entry.Phase;
                _log.Write(LogEvents.StandbyReady, entry.Pid);
                break;
            case WorkerException exception:
                entry.LastException = exception;
                break;
        }
    }

    /// <summary>A standby exited: one let go (renewed by a roll) is not replaced; one that died, hung or never got ready is, after the standbys' own backoff.</summary>
    private void OnStandbyExited(WorkerEntry entry, int exitCode)
    {
        if (entry.Stale || State != MasterState.Active)
        {
            return;
        }

        var why = entry.LastException is { } last ? $"{last.Type}: {last.Message}" : "no exception reported";
        _log.Write(LogEvents.StandbyDied, entry.Pid, exitCode, why);
        BackOffStandbys(_scheduler.Now - (entry.ConnectedAt ?? _scheduler.Now));
    }

    /// <summary>Starts the missing standbys after the backoff a standby that lived <paramref name="lived"/> earns.</summary>
    private void BackOffStandbys(TimeSpan lived)
    {
        var delay = _policy.OnDeath(StandbyKey, lived);
        if (delay == TimeSpan.Zero)
        {
            StartStandbys();
            return;
        }

        _standbyRespawn.Disposable = _scheduler.Schedule(delay, () =>
        {
            _standbyRespawn.Disposable = null;
            StartStandbys();
        });
    }

    /// <summary>
    /// A roll begins: the standbys run the program as it was, so they are let go and new ones started, which the roll
    /// then uses as successors once they are ready.
    /// </summary>
    private void RenewStandbys()
    {
        foreach (var standby in Table.Standbys.ToList())
        {
            standby.Stale = true;
            standby.Stop();
        }

        StartStandbys();
    }
}
