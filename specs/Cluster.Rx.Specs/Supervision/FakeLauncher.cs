using System.Reactive.Subjects;
using Cluster.Rx.Ipc;
using Cluster.Rx.Supervision;

namespace Cluster.Rx.Specs.Supervision;

/// <summary>Starts fake workers: pids 100, 101, … in launch order; the spec decides when each exits.</summary>
internal sealed class FakeLauncher : IWorkerLauncher
{
    public List<FakeProcess> Launched { get; } = [];

    public Func<int, bool> Fails { get; set; } = _ => false;

    public IWorkerProcess Launch(int id, bool standby = false)
    {
        if (Fails(id))
        {
            throw new ClusterException($"cannot start worker {id}");
        }

        var process = new FakeProcess(id, 100 + Launched.Count) { Standby = standby };
        Launched.Add(process);
        return process;
    }

    /// <summary>The process launched last for worker <paramref name="id"/>.</summary>
    public FakeProcess Last(int id) => Launched.Last(p => p.Id == id && !p.Standby);

    /// <summary>The standbys launched, in launch order.</summary>
    public IEnumerable<FakeProcess> Standbys => Launched.Where(p => p.Standby);
}

internal sealed class FakeProcess(int id, int pid) : IWorkerProcess
{
    private readonly AsyncSubject<int> _exited = new();

    public int Id { get; } = id;

    public int Pid { get; } = pid;

    public bool Standby { get; init; }

    /// <summary>The ids it was promoted to, in order.</summary>
    public List<int> Promotions { get; } = [];

    public IObservable<int> Exited => _exited;

    public List<Signal> Signals { get; } = [];

    public int StopRequests { get; private set; }

    public void Signal(Signal signal) => Signals.Add(signal);

    public void RequestStop() => StopRequests++;

    public void Promote(int id) => Promotions.Add(id);

    public bool TrySend(FrameType type, ReadOnlySpan<byte> payload) => false;

    public void Attach(IpcConnection channel)
    {
    }

    public void Detach()
    {
    }

    public bool HasExited => _exited.IsCompleted;

    public void Exit(int code)
    {
        _exited.OnNext(code);
        _exited.OnCompleted();
    }
}
