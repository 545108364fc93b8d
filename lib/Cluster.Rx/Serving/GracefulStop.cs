using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Cluster.Rx.Settings;

namespace Cluster.Rx.Serving;

/// <summary>
/// A worker's graceful shutdown: the server (or hosted app) stops accepting and finishes its open connections; meanwhile the
/// number still open is reported whenever it changes (checked every <see cref="ClusterDefaults.WaitingInterval"/>), and after
/// <c>timeout</c> the shutdown stops being graceful. Timers run on the given scheduler.
/// </summary>
internal sealed class GracefulStop(IWorkerService server, TimeSpan timeout, IScheduler scheduler)
{
    /// <summary>
    /// Stops the server; true when it finished in time, false when <c>timeout</c> passed first (then
    /// <paramref name="timedOut"/> was called and the server was told to abort).
    /// </summary>
    public async Task<bool> RunAsync(Action<int> waiting, Action timedOut)
    {
        using var abort = new CancellationTokenSource();
        using var finished = new CancellationTokenSource();
        var stopped = server.StopAsync(abort.Token);
        using var reports = Observable.Timer(TimeSpan.Zero, ClusterDefaults.WaitingInterval, scheduler)
            .Select(_ => server.Connections)
            .DistinctUntilChanged()
            .Where(open => open > 0)
            .TakeUntil(stopped.ToObservable())
            .Subscribe(waiting);
        var deadline = Observable.Timer(timeout, scheduler).ToTask(finished.Token);

        if (await Task.WhenAny(stopped, deadline).ConfigureAwait(false) == stopped)
        {
            await finished.CancelAsync().ConfigureAwait(false);
            await stopped.ConfigureAwait(false);
            return true;
        }

        timedOut();
        await abort.CancelAsync().ConfigureAwait(false);
        return false;
    }
}
