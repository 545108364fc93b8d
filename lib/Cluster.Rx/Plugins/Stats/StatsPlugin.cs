using System.Reactive.Subjects;

namespace Cluster.Rx;

/// <summary>The master's part of <see cref="Plugins.Stats"/>: the statistics kept up to date on the master's loop, and the <c>stats</c> command.</summary>
internal static class StatsPlugin
{
    /// <summary>
    /// Defines the <c>stats</c> command and subscribes the statistics (their subscription ends when the master's
    /// events complete, or when disposed). The memory at boot is read now.
    /// </summary>
    /// <exception cref="ArgumentException">A command named <c>stats</c> is defined already.</exception>
    public static IDisposable Attach(IPluginContext context, IResourceProbe probe, TimeSpan timeout, bool connections, bool requests)
    {
        var states = new BehaviorSubject<StatsState>(StatsState.Initial(connections, requests));
        var pulls = context.Channel(StatsDefaults.PullChannel, StatsJson.Default.StatsPull);
        var command = new StatsCommand(context, pulls, states, probe, probe.Memory(), timeout);
        context.Commands.Define(StatsDefaults.Command, call => command.Run(call), "statistics of the master, the machine and every worker (counts exact at the call)");
        return context.Events
            .ToStatsStates(StatsObservable.Activity(context).Received, context.Scheduler, states.Value)
            .Subscribe(states.OnNext);
    }
}
