using System.Collections.Immutable;
using System.Reactive.Linq;

namespace Cluster.Rx.Observability;

/// <summary>The operator behind the master's meter: its events and statistics as <see cref="MeterReading"/>s.</summary>
internal static class MeterReadings
{
    /// <summary>
    /// A <c>Scan</c> over <paramref name="events"/> and <paramref name="stats"/>: a worker serves from
    /// <see cref="WorkerConnected"/> until it exits; every <see cref="WorkerSpawned"/> is a start; a
    /// <see cref="WorkerKilled"/> before <see cref="Closing"/> is a death (as <see cref="MasterStats.Deaths"/> counts
    /// them: a worker removed, rolled or stopped by a shutdown is not), its cause <see cref="DeathCause.Hung"/> after a
    /// <see cref="WorkerHung"/>, otherwise by <see cref="DeathCause.Of"/>; restarts,
    /// connections and requests are the latest statistics'. Emits a reading when it changed; as hot or cold as its
    /// sources (one subscription to each), synchronously, one at a time; completes when both have completed.
    /// </summary>
    public static IObservable<MeterReading> Readings(this IObservable<ClusterEvent> events, IObservable<ClusterStats> stats)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(stats);
        return Observable.Merge(
                events.Select(e => new Func<State, State>(state => state.On(e))),
                stats.Select(s => new Func<State, State>(state => state.On(s))))
            .Scan(State.Initial, (state, apply) => apply(state))
            .Select(state => state.Reading)
            .DistinctUntilChanged();
    }

    private sealed record State(ImmutableHashSet<int> Serving, bool ShuttingDown, MeterReading Reading)
    {
        public static readonly State Initial = new(ImmutableHashSet<int>.Empty, false, MeterReading.Initial);

        /// <summary>The pids killed as hung that have not exited yet.</summary>
        public ImmutableHashSet<int> Hung { get; init; } = ImmutableHashSet<int>.Empty;

        public State On(ClusterEvent e) => e switch
        {
            WorkerSpawned => this with { Reading = Reading with { Starts = Reading.Starts + 1 } },
            WorkerConnected connected => Serve(Serving.Add(connected.Pid)),
            WorkerHung hung => this with { Hung = Hung.Add(hung.Pid) },
            WorkerKilled killed when !ShuttingDown => Died(killed, Hung.Contains(killed.Pid) ? DeathCause.Hung : DeathCause.Of(killed.ExitCode, Serving.Contains(killed.Pid))),
            WorkerKilled killed => Serve(Serving.Remove(killed.Pid)) with { Hung = Hung.Remove(killed.Pid) },
            WorkerRemoved removed => Serve(Serving.Remove(removed.Pid)),
            Closing => this with { ShuttingDown = true },
            _ => this,
        };

        public State On(ClusterStats stats) => this with
        {
            Reading = Reading with
            {
                Restarts = Math.Max(Reading.Restarts, stats.Master.Restarts),
                ConnectionsActive = stats.Master.ConnectionsActive,
                Connections = stats.Master.ConnectionsTotal,
                Requests = stats.Master.Requests,
            },
        };

        private State Serve(ImmutableHashSet<int> serving) =>
            this with { Serving = serving, Reading = Reading with { Workers = serving.Count } };

        private State Died(WorkerKilled killed, string cause)
        {
            var state = Serve(Serving.Remove(killed.Pid)) with { Hung = Hung.Remove(killed.Pid) };
            return state with
            {
                Reading = cause switch
                {
                    DeathCause.Exit => state.Reading with { ExitDeaths = state.Reading.ExitDeaths + 1 },
                    DeathCause.Signal => state.Reading with { SignalDeaths = state.Reading.SignalDeaths + 1 },
                    DeathCause.Hung => state.Reading with { HungDeaths = state.Reading.HungDeaths + 1 },
                    _ => state.Reading with { BootFailures = state.Reading.BootFailures + 1 },
                },
            };
        }
    }
}
