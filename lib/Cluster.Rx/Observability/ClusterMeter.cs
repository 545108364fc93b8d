using System.Diagnostics.Metrics;
using System.Reactive.Disposables;

namespace Cluster.Rx.Observability;

/// <summary>
/// The master's instruments (see <see cref="ClusterMetrics"/>) on a <see cref="Meter"/>, fed by
/// <see cref="MeterReadings"/>: counters are added to on the master's loop as the readings grow, observable
/// instruments read the latest reading on the thread that collects them.
/// </summary>
internal sealed class ClusterMeter
{
    private readonly Counter<long> _starts;
    private readonly Counter<long> _deaths;
    private readonly Counter<long> _restarts;
    private MeterReading _latest = MeterReading.Initial;

    private ClusterMeter(Meter meter)
    {
        meter.CreateObservableUpDownCounter(ClusterMetrics.Workers, () => Latest.Workers, "{worker}", "Workers serving: connected and not exited.");
        _starts = meter.CreateCounter<long>(ClusterMetrics.WorkerStarts, "{worker}", "Worker processes started.");
        _deaths = meter.CreateCounter<long>(ClusterMetrics.WorkerDeaths, "{worker}", "Workers that died while the master was active, by cause (exit, signal, boot_failure, hung).");
        _restarts = meter.CreateCounter<long>(ClusterMetrics.Restarts, "{restart}", "Zero-downtime restarts of the master, carried across restarts.");
        meter.CreateObservableUpDownCounter(ClusterMetrics.ConnectionsActive, () => Measure(Latest.ConnectionsActive), "{connection}", "Connections open on the workers (Plugins.Stats with connections).");
        meter.CreateObservableCounter(ClusterMetrics.Connections, () => Measure(Latest.Connections), "{connection}", "Connections the workers have accepted (Plugins.Stats with connections).");
        meter.CreateObservableCounter(ClusterMetrics.Requests, () => Measure(Latest.Requests), "{request}", "Requests the workers have done (Plugins.Stats with requests).");
    }

    private MeterReading Latest => Volatile.Read(ref _latest);

    /// <summary>
    /// Creates the instruments on <paramref name="meter"/> and feeds them from the master <paramref name="context"/>
    /// belongs to, until its events complete or the result is disposed; disposing disposes the meter too when
    /// <paramref name="ownsMeter"/> (a meter from an <see cref="IMeterFactory"/> is the factory's to dispose).
    /// </summary>
    public static IDisposable Attach(IPluginContext context, Meter meter, bool ownsMeter)
    {
        var sink = new ClusterMeter(meter);
        var subscription = context.Events.Readings(context.Stats()).Subscribe(sink.Record);
        return ownsMeter ? new CompositeDisposable(subscription, meter) : subscription;
    }

    private static IEnumerable<Measurement<long>> Measure(long? value) =>
        value is { } measured ? [new Measurement<long>(measured)] : [];

    private void Record(MeterReading reading)
    {
        var before = _latest;
        Add(_starts, reading.Starts - before.Starts);
        Add(_deaths, reading.ExitDeaths - before.ExitDeaths, DeathCause.Exit);
        Add(_deaths, reading.SignalDeaths - before.SignalDeaths, DeathCause.Signal);
        Add(_deaths, reading.BootFailures - before.BootFailures, DeathCause.BootFailure);
        Add(_deaths, reading.HungDeaths - before.HungDeaths, DeathCause.Hung);
        Add(_restarts, reading.Restarts - before.Restarts);
        Volatile.Write(ref _latest, reading);
    }

    private static void Add(Counter<long> counter, long delta, string? cause = null)
    {
        if (delta <= 0)
        {
            return;
        }

        if (cause is null)
        {
            counter.Add(delta);
        }
        else
        {
            counter.Add(delta, new KeyValuePair<string, object?>(ClusterMetrics.CauseTag, cause));
        }
    }
}
