using System.Diagnostics.Metrics;
using System.Reactive.Linq;
using Cluster.Rx.Observability;
using Microsoft.Extensions.Logging;

namespace Cluster.Rx;

/// <content>Logging through <see cref="ILogger"/> and metrics on a <see cref="Meter"/>.</content>
public sealed partial class Master
{
    /// <summary>The category of the master's <see cref="ILogger"/> (<see cref="UseLoggerFactory"/>): <c>Cluster.Rx</c>.</summary>
    public const string LogCategory = "Cluster.Rx";

    private ILoggerFactory? _loggerFactory;
    private IMeterFactory? _meterFactory;

    /// <summary>
    /// Logs through <paramref name="loggerFactory"/> (category <see cref="LogCategory"/>) instead of stderr: every line
    /// the master (or a worker, about itself) writes as <c>cluster: level: text</c> goes to that logger with the same
    /// text, an event id and its values by name (<c>WorkerId</c>, <c>Pid</c>, <c>ExitCode</c>, …); and the master logs
    /// its lifecycle too (listening, workers started, serving, died, removed, restarts, closing, closed), at Information,
    /// or Warning for a worker that died. Plugins see the lines on <see cref="IPluginContext.Log"/> as before.
    /// </summary>
    /// <remarks>Applies when the environment matches (see <see cref="In"/>); call it before <see cref="RunAsync"/>.</remarks>
    public Master UseLoggerFactory(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        if (_matches)
        {
            _loggerFactory = loggerFactory;
            _log.Logger = loggerFactory.CreateLogger(LogCategory);
        }

        return this;
    }

    /// <summary>
    /// Creates the master's meter (<see cref="ClusterMetrics"/>) with <paramref name="meterFactory"/> (which owns it)
    /// instead of creating one of its own: a hosted app's factory, so that the host's metrics pipeline
    /// (OpenTelemetry's <c>AddMeter("Cluster.Rx")</c>) exports it.
    /// </summary>
    /// <remarks>Applies when the environment matches (see <see cref="In"/>); call it before <see cref="RunAsync"/>. Workers create no meter.</remarks>
    public Master UseMeterFactory(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        if (_matches)
        {
            _meterFactory = meterFactory;
        }

        return this;
    }

    /// <summary>The master's own plugins, attached before the user's so they see every event: the meter, and the lifecycle log with a logger factory.</summary>
    private IEnumerable<Plugin> ObservabilityPlugins()
    {
        yield return Plugin.Create("meter", context =>
        {
            var version = typeof(Master).Assembly.GetName().Version?.ToString();
            return _meterFactory is { } factory
                ? ClusterMeter.Attach(context, factory.Create(new MeterOptions(ClusterMetrics.MeterName) { Version = version }), ownsMeter: false)
                : ClusterMeter.Attach(context, new Meter(ClusterMetrics.MeterName, version), ownsMeter: true);
        });

        if (_loggerFactory is { } loggerFactory)
        {
            var logger = loggerFactory.CreateLogger(LogCategory);
            yield return Plugin.Create("lifecycle log", context => context.Events.Lines().Subscribe(line => line.WriteTo(logger)));
        }
    }
}
