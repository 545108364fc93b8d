namespace Cluster.Rx.Observability;

/// <summary>
/// What the master's meter shows after an input (see <see cref="MeterReadings"/>): the serving workers, and the
/// totals since this master started. Immutable: the observable instruments read the latest one from the thread that
/// collects them.
/// </summary>
/// <param name="Workers">Workers that have connected and not exited (a draining one counts until it exits).</param>
/// <param name="Starts">Worker processes started.</param>
/// <param name="ExitDeaths">Deaths of cause <see cref="DeathCause.Exit"/>.</param>
/// <param name="SignalDeaths">Deaths of cause <see cref="DeathCause.Signal"/>.</param>
/// <param name="BootFailures">Deaths of cause <see cref="DeathCause.BootFailure"/>.</param>
/// <param name="Restarts">Zero-downtime restarts of the cluster (<see cref="MasterStats.Restarts"/>, carried across restarts).</param>
/// <param name="ConnectionsActive">As <see cref="MasterStats.ConnectionsActive"/>: null unless connections are counted.</param>
/// <param name="Connections">As <see cref="MasterStats.ConnectionsTotal"/>: null unless connections are counted.</param>
/// <param name="Requests">As <see cref="MasterStats.Requests"/>: null unless requests are counted.</param>
/// <param name="HungDeaths">Deaths of cause <see cref="DeathCause.Hung"/>.</param>
internal sealed record MeterReading(
    int Workers,
    long Starts,
    long ExitDeaths,
    long SignalDeaths,
    long BootFailures,
    long Restarts,
    long? ConnectionsActive,
    long? Connections,
    long? Requests,
    long HungDeaths = 0)
{
    /// <summary>Nothing seen yet.</summary>
    public static readonly MeterReading Initial = new(0, 0, 0, 0, 0, 0, null, null, null);
}
