using System.Reactive.Disposables;

namespace Cluster.Rx.Supervision;

/// <summary>
/// The master's one record of one worker process: who it is, what it is for and where it is in its life. Read and
/// changed on the master's event loop only; <see cref="WorkerTable"/> keeps the copies other threads read.
/// </summary>
internal sealed class WorkerEntry(Worker worker, IWorkerProcess process, WorkerRole role, DateTimeOffset spawnedAt)
{
    /// <summary>Who it is: a standby's id changes when it is promoted (see <see cref="WorkerTable.Promote"/>).</summary>
    public Worker Worker { get; set; } = worker;

    public int Id => Worker.Id;

    public int Pid => Worker.Pid;

    public IWorkerProcess Process { get; } = process;

    /// <summary>What it is for; changed through <see cref="WorkerTable.SetRole"/>.</summary>
    public WorkerRole Role { get; set; } = role;

    public WorkerPhase Phase { get; set; } = WorkerPhase.Spawned;

    public DateTimeOffset SpawnedAt { get; } = spawnedAt;

    /// <summary>When it connected; null while it has not.</summary>
    public DateTimeOffset? ConnectedAt { get; set; }

    /// <summary>True from a standby's promotion until it says it serves under its new id.</summary>
    public bool Promoting { get; set; }

    /// <summary>True for a standby started before the roll under way: it runs the old program and is not used.</summary>
    public bool Stale { get; set; }

    /// <summary>True once the master sent it a signal: a death then was asked for, not a crash.</summary>
    public bool Signaled { get; set; }

    /// <summary>True once it was killed for not connecting within <c>ready timeout</c>.</summary>
    public bool MissedReadyTimeout { get; set; }

    /// <summary>The last unhandled exception it reported.</summary>
    public WorkerException? LastException { get; set; }

    /// <summary>Its <c>ready timeout</c>: from its spawn, and again from a standby's promotion.</summary>
    public SerialDisposable ReadyTimer { get; } = new();

    /// <summary>Its exit subscription and ready timer, disposed when it has exited.</summary>
    public CompositeDisposable Resources { get; } = [];

    /// <summary>Asks it to stop gracefully, or sends it <paramref name="signal"/>.</summary>
    public void Stop(Signal signal = Signal.SIGQUIT)
    {
        Phase = WorkerPhase.Stopping;
        if (signal == Signal.SIGQUIT)
        {
            Process.RequestStop();
        }
        else
        {
            Signaled = true;
            Process.Signal(signal);
        }
    }
}
