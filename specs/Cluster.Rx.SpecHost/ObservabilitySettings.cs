using System.Diagnostics.Metrics;
using System.Globalization;
using System.Reactive.Linq;
using Microsoft.Extensions.Logging;

namespace Cluster.Rx.SpecHost;

/// <summary>
/// <c>ILOGGER=1</c>: the cluster logs through an <see cref="ILoggerFactory"/> that prints each entry on stdout as
/// <c>ilogger LEVEL ID NAME key=value|key=value… : MESSAGE</c> (the master's and the workers' alike).
/// <c>METER=1</c>: in the master, a <see cref="MeterListener"/> on the meter <c>Cluster.Rx</c> prints every counter
/// measurement as <c>metric NAME VALUE CAUSE</c> (<c>-</c> without a cause), and the observable instruments as
/// <c>gauge NAME VALUE</c> each time a worker connects or exits.
/// </summary>
internal static class ObservabilitySettings
{
    public static void Apply(Master master)
    {
        if (Environment.GetEnvironmentVariable("ILOGGER") == "1")
        {
            master.UseLoggerFactory(new LineLoggerFactory());
        }

        if (Environment.GetEnvironmentVariable("METER") == "1" && master.IsMaster)
        {
            var listener = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == ClusterMetrics.MeterName)
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Print(instrument, value, tags));
            listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Print(instrument, value, tags));
            listener.Start();

            // A plugin attached after the master's meter, so the readings are up to date when it records them.
            master.Use(Plugin.Create("meter-probe", context => context.Events
                .Where(e => e is WorkerConnected or WorkerKilled or WorkerRemoved)
                .Subscribe(_ => listener.RecordObservableInstruments())));
        }
    }

    private static void Print(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var cause = "-";
        foreach (var tag in tags)
        {
            cause = $"{tag.Value}";
        }

        Output.Line(instrument is ObservableInstrument<int> or ObservableInstrument<long>
            ? string.Create(CultureInfo.InvariantCulture, $"gauge {instrument.Name} {value}")
            : string.Create(CultureInfo.InvariantCulture, $"metric {instrument.Name} {value} {cause}"));
    }

    private sealed class LineLoggerFactory : ILoggerFactory, ILogger
    {
        public ILogger CreateLogger(string categoryName) => categoryName == Master.LogCategory
            ? this
            : throw new InvalidOperationException($"the cluster asked for the category '{categoryName}'");

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IReadOnlyList<KeyValuePair<string, object?>> list
                ? string.Join('|', list.Where(v => v.Key != "{OriginalFormat}").Select(v => $"{v.Key}={v.Value}"))
                : string.Empty;
            Output.Line(string.Create(CultureInfo.InvariantCulture, $"ilogger {logLevel} {eventId.Id} {eventId.Name} {values} : {formatter(state, exception)}"));
        }
    }
}
