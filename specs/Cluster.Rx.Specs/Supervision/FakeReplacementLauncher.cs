using System.Reactive.Subjects;
using Cluster.Rx.Supervision;

namespace Cluster.Rx.Specs.Supervision;

/// <summary>Starts fake replacement masters (pids 500, 501, …); the spec decides when one exits.</summary>
internal sealed class FakeReplacementLauncher : IReplacementLauncher
{
    public List<(Signal Signal, AsyncSubject<int> Exit)> Launched { get; } = [];

    /// <summary>The signals sent to each replacement, by its index in <see cref="Launched"/>.</summary>
    public List<List<Signal>> Signals { get; } = [];

    public bool Fails { get; set; }

    public StartedProcess Launch(Signal signal)
    {
        if (Fails)
        {
            throw new ClusterException("no such file");
        }

        var exit = new AsyncSubject<int>();
        var signals = new List<Signal>();
        Launched.Add((signal, exit));
        Signals.Add(signals);
        return new StartedProcess(500 + Launched.Count - 1, exit, signals.Add);
    }
}
