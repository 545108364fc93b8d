using System.Reactive.Linq;

namespace Cluster.Rx;

/// <summary>The sink of <see cref="Plugins.Reload(string?)"/>: each burst of changes rolls the workers (or signals them).</summary>
internal static class ReloadSink
{
    /// <summary>
    /// Subscribes <paramref name="changes"/>, less those under the paths plugins write, in bursts on the master's loop:
    /// each burst calls <see cref="IPluginContext.RestartWorkers"/>, or <see cref="IPluginContext.Kill"/> with
    /// <paramref name="signal"/> when one is given, while the master is active. The subscription ends when the
    /// master's events complete (it has closed) or when disposed.
    /// </summary>
    public static IDisposable Attach(IPluginContext context, IObservable<string> changes, TimeSpan interval, Signal? signal) =>
        changes
            .ExceptUnder(() => context.WrittenPaths)
            .Bursts(interval, context.Scheduler)
            .TakeUntil(context.Events.LastOrDefaultAsync())
            .Where(_ => context.State == MasterState.Active)
            .Subscribe(_ =>
            {
                if (signal is { } kill)
                {
                    context.Kill(kill);
                }
                else
                {
                    context.RestartWorkers();
                }
            });
}
