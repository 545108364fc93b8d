using System.Reactive.Disposables;
using System.Reactive.Concurrency;

namespace Cluster.Rx;

/// <summary>
/// The workers' part of <see cref="Plugins.Stats"/>: one interval after the server's activity changes, samples it on
/// the worker's scheduler and sends its totals to the master (a busy worker sends one frame per interval, however
/// many requests; an idle one sends nothing and has no timer running, so it costs no CPU), answers a pull from the
/// master at once, and sends its last totals when disposed — after the server has stopped, before the worker's last
/// IPC flush, so nothing it did is lost. Reports never overlap and go out in order (the timer and the IPC reader
/// share one lock).
/// </summary>
internal sealed class StatsReporter : IDisposable
{
    private readonly Lock _gate = new();
    private readonly ServerActivity _activity;
    private readonly IMasterChannel<WorkerActivity> _channel;
    private readonly bool _connections;
    private readonly bool _requests;
    private readonly CompositeDisposable _subscriptions = [];
    private readonly SerialDisposable _sample = new();
    private readonly IScheduler _scheduler;
    private readonly TimeSpan _interval;
    private WorkerActivity _sent;

    private StatsReporter(IWorkerPluginContext context, bool connections, bool requests, TimeSpan interval)
    {
        _activity = context.Activity;
        _scheduler = context.Scheduler;
        _interval = interval;
        _channel = context.Channel(StatsDefaults.ActivityChannel, StatsJson.Default.WorkerActivity);
        _connections = connections;
        _requests = requests;

        // The master takes a worker it has no report from as one that has done nothing yet: an idle worker never reports.
        _sent = new WorkerActivity(connections ? 0 : null, connections ? 0 : null, requests ? 0 : null);
    }

    /// <summary>Starts reporting; samples are taken only when something is counted.</summary>
    public static IDisposable Start(IWorkerPluginContext context, bool connections, bool requests, TimeSpan interval)
    {
        var reporter = new StatsReporter(context, connections, requests, interval);
        var pulls = context.Channel(StatsDefaults.PullChannel, StatsJson.Default.StatsPull);
        reporter._subscriptions.Add(pulls.Received.Subscribe(pull => reporter.Report(pull.Id)));
        if (connections || requests)
        {
            reporter._subscriptions.Add(reporter._sample);
            reporter._activity.OnNextChange(reporter.Changed);

            // A worker's parts attach once it accepts: what it counted before that is reported like any change.
            if (reporter.Totals() != reporter._sent)
            {
                reporter.Changed();
            }
        }

        return reporter;
    }

    public void Dispose()
    {
        _activity.OnNextChange(null);
        _subscriptions.Dispose();
        Report(pull: 0);
    }

    /// <summary>The first change since the last sample: the next sample is one interval from now.</summary>
    private void Changed() => _sample.Disposable = _scheduler.Schedule(_interval, Sample);

    /// <summary>
    /// Watches for the next change before it samples, so a change made while it samples is never missed: at worst it
    /// brings one more sample, which finds nothing new and sends nothing.
    /// </summary>
    private void Sample()
    {
        _activity.OnNextChange(Changed);
        Report(pull: 0);
    }

    /// <summary>Sends the totals: always for a pull, otherwise only when they changed since the last report.</summary>
    private void Report(long pull)
    {
        lock (_gate)
        {
            var totals = Totals();
            if (pull == 0 && totals == _sent)
            {
                return;
            }

            _sent = totals;
            _channel.Send(totals with { Pull = pull });
        }
    }

    private WorkerActivity Totals() => new(
        _connections ? _activity.ConnectionsOpened : null,
        _connections ? _activity.ConnectionsClosed : null,
        _requests ? _activity.Requests : null);
}
