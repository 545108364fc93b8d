using System.Collections.Immutable;
using System.Reactive.Concurrency;
using System.Reactive.Linq;

namespace Cluster.Rx.Supervision;

/// <summary>
/// How a replacement master's takeover ends: <see cref="Ready"/> once every one of its workers has connected, or
/// failed (<see cref="Reason"/>) as soon as one of them dies first, it starts to shut down, or <c>ready timeout</c>
/// passes.
/// </summary>
internal sealed record TakeoverOutcome(string? Reason, WorkerException? LastException)
{
    public static readonly TakeoverOutcome Ready = new(null, null);

    public bool IsReady => Reason is null;

    /// <summary>
    /// The operator: one outcome from a replacement master's events, then completion. It never reports
    /// <see cref="Ready"/> unless <paramref name="workers"/> distinct workers connected, whatever else the events
    /// do (a stream that completes first is a failure).
    /// </summary>
    public static IObservable<TakeoverOutcome> Of(IObservable<ClusterEvent> events, int workers, TimeSpan readyTimeout, IScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfNegative(workers);
        ArgumentNullException.ThrowIfNull(scheduler);
        if (workers == 0)
        {
            return Observable.Return(Ready);
        }

        var decided = events
            .Scan(Progress.None, (progress, e) => progress.On(e, workers))
            .Select(progress => progress.Outcome)
            .Where(outcome => outcome is not null)
            .Select(outcome => outcome!)
            .Concat(Observable.Return(new TakeoverOutcome("the new master closed before its workers were ready", null)));
        var late = Observable.Timer(readyTimeout, scheduler)
            .Select(_ => new TakeoverOutcome($"its workers were not all ready within the 'ready timeout' of {readyTimeout.TotalMilliseconds} ms", null));
        return decided.Amb(late).Take(1);
    }

    private sealed record Progress(ImmutableHashSet<int> Connected, WorkerException? LastException, TakeoverOutcome? Outcome)
    {
        public static readonly Progress None = new([], null, null);

        public Progress On(ClusterEvent e, int workers) => e switch
        {
            WorkerConnected connected when Connected.Add(connected.Id) is var ids =>
                this with { Connected = ids, Outcome = ids.Count >= workers ? Ready : null },
            WorkerException exception => this with { LastException = exception },
            WorkerKilled killed => this with
            {
                Outcome = new($"its worker {killed.Id} (pid {killed.Pid}) exited with code {killed.ExitCode} before all its workers were ready", LastException),
            },
            Closing => this with { Outcome = new("the new master began to shut down before its workers were ready", LastException) },
            _ => this,
        };
    }
}
