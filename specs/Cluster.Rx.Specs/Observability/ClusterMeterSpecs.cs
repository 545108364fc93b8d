using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Cluster.Rx.Observability;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs.Observability;

/// <summary>
/// The master's meter over a fake plugin context, read with a <see cref="MeterListener"/>: every instrument's name,
/// kind, unit, values and tags.
/// </summary>
public sealed class ClusterMeterSpecs : ReactiveTest, IDisposable
{
    private readonly TestScheduler _scheduler = new();
    private readonly FakePluginContext _context;
    private readonly Meter _meter = new(ClusterMetrics.MeterName, "1.0");
    private readonly MeterListener _listener = new();
    private readonly List<(string Name, string? Unit, string Kind)> _published = [];
    private readonly List<string> _completed = [];
    private readonly List<(long At, string Name, long Value, string? Cause)> _measured = [];

    public ClusterMeterSpecs()
    {
        _context = new FakePluginContext(_scheduler);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Only this spec's meter: other specs may create meters named Cluster.Rx at the same time.
            if (instrument.Meter == _meter)
            {
                _published.Add((instrument.Name, instrument.Unit, instrument.GetType().Name.Split('`')[0]));
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) => _completed.Add(instrument.Name);
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Measured(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Measured(instrument, value, tags));
        _listener.Start();
    }

    [Fact]
    public void Attach_PublishesEveryInstrument_WithItsKindAndUnit()
    {
        using var meter = ClusterMeter.Attach(_context, _meter, ownsMeter: true);

        Assert.Equal(
            [
                ("cluster.workers", "{worker}", "ObservableUpDownCounter"),
                ("cluster.worker.starts", "{worker}", "Counter"),
                ("cluster.worker.deaths", "{worker}", "Counter"),
                ("cluster.restarts", "{restart}", "Counter"),
                ("cluster.connections.active", "{connection}", "ObservableUpDownCounter"),
                ("cluster.connections", "{connection}", "ObservableCounter"),
                ("cluster.requests", "{request}", "ObservableCounter"),
            ],
            _published);
    }

    [Fact]
    public void Attach_CountsStartsDeathsByCauseAndRestarts_ObservesWorkersConnectionsAndRequests()
    {
        _context.Events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new Started(Time(210), 10, "/run/ipc")),
            OnNext<ClusterEvent>(220, new WorkerSpawned(Time(220), new Worker(0, 100))),
            OnNext<ClusterEvent>(230, new WorkerConnected(Time(230), new Worker(0, 100))),
            OnNext<ClusterEvent>(240, new WorkerSpawned(Time(240), new Worker(1, 101))),
            OnNext<ClusterEvent>(250, new WorkerKilled(Time(250), new Worker(1, 101), 1)),
            OnNext<ClusterEvent>(260, new Restarted(Time(260), 9, JsonNode.Parse("""{"stats":{"restarts":2}}""")!.AsObject())),
            OnNext<ClusterEvent>(310, new WorkerKilled(Time(310), new Worker(0, 100), 137)),
            OnNext<ClusterEvent>(400, new Closing(Time(400), MasterState.GracefulShutdown)),
            OnCompleted<ClusterEvent>(410));
        _context.ChannelOf<WorkerActivity>("stats").Received = _scheduler.CreateHotObservable(
            OnNext(300, new PluginMessage<WorkerActivity>(new Worker(0, 100), new WorkerActivity(5, 3, 7))));
        using var meter = ClusterMeter.Attach(_context, _meter, ownsMeter: true);

        _scheduler.AdvanceTo(260);
        _listener.RecordObservableInstruments();
        _scheduler.AdvanceTo(300);
        _listener.RecordObservableInstruments();
        _scheduler.AdvanceTo(500);
        _listener.RecordObservableInstruments();

        Assert.Equal(
            [
                (220, "cluster.worker.starts", 1, null),
                (240, "cluster.worker.starts", 1, null),
                (250, "cluster.worker.deaths", 1, "boot_failure"),
                (260, "cluster.restarts", 2, null),
                (260, "cluster.workers", 1, null),
                (300, "cluster.workers", 1, null),
                (300, "cluster.connections.active", 2, null),
                (300, "cluster.connections", 5, null),
                (300, "cluster.requests", 7, null),
                (310, "cluster.worker.deaths", 1, "signal"),
                (500, "cluster.workers", 0, null),
                (500, "cluster.connections.active", 0, null),
                (500, "cluster.connections", 5, null),
                (500, "cluster.requests", 7, null),
            ],
            _measured);
    }

    [Fact]
    public void Dispose_AnOwnedMeter_IsDisposed_InstrumentsComplete()
    {
        var meter = ClusterMeter.Attach(_context, _meter, ownsMeter: true);

        meter.Dispose();

        Assert.Equal(7, _completed.Count);
    }

    [Fact]
    public void Dispose_AFactorysMeter_IsLeftToTheFactory()
    {
        var meter = ClusterMeter.Attach(_context, _meter, ownsMeter: false);

        meter.Dispose();

        Assert.Empty(_completed);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _meter.Dispose();
    }

    private void Measured(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? cause = null;
        foreach (var tag in tags)
        {
            Assert.Equal(ClusterMetrics.CauseTag, tag.Key);
            cause = (string?)tag.Value;
        }

        _measured.Add((_scheduler.Clock, instrument.Name, value, cause));
    }

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);
}
