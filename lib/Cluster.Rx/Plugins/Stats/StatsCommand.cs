using System.Reactive;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using System.Reactive.Threading.Tasks;
using System.Text.Json;

namespace Cluster.Rx;

/// <summary>
/// The <c>stats</c> command: asks every serving worker for its totals (a pull on the plugin channel
/// <c>stats.pull</c>), waits until each has answered or exited — at most the pull timeout, on the master's scheduler —
/// and answers with the statistics then, so every request a worker had done when the command was called is counted.
/// </summary>
internal sealed class StatsCommand(
    IPluginContext context,
    IPluginChannel<StatsPull> pulls,
    BehaviorSubject<StatsState> states,
    IResourceProbe probe,
    MemoryStats? memoryAtBoot,
    TimeSpan timeout)
{
    private long _lastPull;

    /// <summary>The answer, once every worker serving now has answered (or the timeout has passed); cancelled with the call.</summary>
    public Task<object?> Run(CommandCall call)
    {
        var pull = Interlocked.Increment(ref _lastPull);
        var awaited = context.Workers.Select(w => w.Pid).ToHashSet();
        var answered = states
            .Where(state => state.HasAnswered(awaited, pull))
            .Take(1)
            .Select(_ => Unit.Default)
            .Timeout(timeout, Observable.Return(Unit.Default), context.Scheduler);
        return Observable.Create<object?>(observer =>
            {
                // Subscribed before the pull goes out; an answer that comes first is in the state all the same.
                var subscription = answered.Select(_ => (object?)Answer(awaited, pull)).Subscribe(observer);
                pulls.Broadcast(new StatsPull(pull));
                return subscription;
            })
            .ToTask(call.Cancellation);
    }

    private CommandAnswer Answer(HashSet<int> awaited, long pull)
    {
        var state = states.Value;
        var stats = state.Snapshot(context.Scheduler.Now);
        var resources = new ResourceStats(probe.LoadAverage(), probe.Cores, memoryAtBoot, probe.Memory());
        var silent = stats.Workers.Where(w => awaited.Contains(w.Pid) && !state.HasAnswered([w.Pid], pull)).ToList();
        var json = JsonSerializer.SerializeToNode(new StatsAnswer(stats.Master, resources, stats.Workers), StatsJson.Default.StatsAnswer);
        return new CommandAnswer(StatsText.Format(stats, resources, silent, timeout), json);
    }
}
