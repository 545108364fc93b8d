namespace Cluster.Rx;

/// <summary>
/// The names of the master's metrics. The master (never a worker) has a <see cref="System.Diagnostics.Metrics.Meter"/>
/// named <see cref="MeterName"/>, from the <see cref="System.Diagnostics.Metrics.IMeterFactory"/> given to
/// <see cref="Master.UseMeterFactory"/> (a hosted app's, so the host's OpenTelemetry pipeline exports it), otherwise
/// its own (disposed when the master closes). Names follow OpenTelemetry's conventions (lower case, dotted, units
/// in UCUM braces). Read them with <c>dotnet-counters monitor -p &lt;master pid&gt; --counters Cluster.Rx</c>, or
/// export them with <c>AddMeter("Cluster.Rx")</c>.
/// </summary>
/// <remarks>
/// The master aggregates for the whole cluster (a tool attaches to one process, the master). Counters count from this
/// master's start, except the restarts, connections and requests, which are carried across zero-downtime restarts (a
/// master that took over starts from the cluster's totals). Connections and requests are counted by the workers only
/// with <see cref="Plugins.Stats"/> (<c>Plugins.Stats(connections: true, requests: true)</c>); without it those
/// instruments report nothing.
/// </remarks>
public static class ClusterMetrics
{
    /// <summary>The meter's name: <c>Cluster.Rx</c> (its version is the assembly's).</summary>
    public const string MeterName = "Cluster.Rx";

    /// <summary>
    /// <c>cluster.workers</c>, an ObservableUpDownCounter in <c>{worker}</c>: the workers serving now — connected and
    /// not exited (a worker draining after a roll, a removal or a graceful shutdown counts until it exits).
    /// </summary>
    public const string Workers = "cluster.workers";

    /// <summary><c>cluster.worker.starts</c>, a Counter in <c>{worker}</c>: worker processes started (first starts, replacements, roll successors).</summary>
    public const string WorkerStarts = "cluster.worker.starts";

    /// <summary>
    /// <c>cluster.worker.deaths</c>, a Counter in <c>{worker}</c>: workers that died while the master was active (as
    /// <see cref="MasterStats.Deaths"/> counts them: a worker removed, rolled or stopped by a shutdown is no death), with
    /// the tag <see cref="CauseTag"/>: <c>exit</c> (it had connected and exited by itself, exit code 0–128),
    /// <c>signal</c> (it had connected and a signal ended it, exit code 128 + n), <c>boot_failure</c> (it died before
    /// it connected, whatever the code, its <c>ready timeout</c> included), <c>hung</c> (it had connected, sent no
    /// heartbeat for the <c>heartbeat timeout</c>, and the master killed it: <see cref="WorkerHung"/>).
    /// </summary>
    public const string WorkerDeaths = "cluster.worker.deaths";

    /// <summary>The tag of <see cref="WorkerDeaths"/>: <c>cause</c>.</summary>
    public const string CauseTag = "cause";

    /// <summary>
    /// <c>cluster.restarts</c>, a Counter in <c>{restart}</c>: zero-downtime restarts of the master, as
    /// <see cref="MasterStats.Restarts"/>: counted by the master that took over, when it has (at <see cref="Restarted"/>),
    /// carried across restarts.
    /// </summary>
    public const string Restarts = "cluster.restarts";

    /// <summary><c>cluster.connections.active</c>, an ObservableUpDownCounter in <c>{connection}</c>: connections open on the workers at their last reports (with <see cref="Plugins.Stats"/>, connections counted).</summary>
    public const string ConnectionsActive = "cluster.connections.active";

    /// <summary><c>cluster.connections</c>, an ObservableCounter in <c>{connection}</c>: connections the workers have accepted, those of exited workers included (with <see cref="Plugins.Stats"/>, connections counted).</summary>
    public const string Connections = "cluster.connections";

    /// <summary><c>cluster.requests</c>, an ObservableCounter in <c>{request}</c>: requests the workers have done, those of exited workers included (with <see cref="Plugins.Stats"/>, requests counted).</summary>
    public const string Requests = "cluster.requests";
}
