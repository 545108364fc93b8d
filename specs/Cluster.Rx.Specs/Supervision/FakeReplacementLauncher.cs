using System.Reactive.Subjects;
using Cluster.Rx.Supervision;

namespace Cluster.Rx.Specs.Supervision;

/// <summary>Starts fake replacement masters (pids 500, 501, …); the spec decides when one exits.</summary>
internal sealed class FakeReplacementLauncher : IReplacementLauncher
{
    public List<(Signal Signal, AsyncSubject<int> Exit)> Launched { get; } = [];

    public bool Fails { get; set; }

    public StartedProcess Launch(Signal signal)
    {
        if (Fails)
        {
            throw new ClusterException("no such file");
        }

        var exit = new AsyncSubject<int>();
        Launched.Add((signal, exit));
        return new StartedProcess(500 + Launched.Count - 1, exit);
    }
}
