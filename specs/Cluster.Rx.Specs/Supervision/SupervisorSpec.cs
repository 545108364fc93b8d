using System.Reactive.Concurrency;
using Cluster.Rx.Settings;
using Cluster.Rx.Supervision;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs.Supervision;

/// <summary>
/// What every <see cref="Supervisor"/> spec works with: virtual time, fake worker processes, the log as text and the
/// events published, with the helpers to give inputs at a tick and to read times.
/// </summary>
public abstract class SupervisorSpec : ReactiveTest
{
    protected SupervisorSpec() => Events = Scheduler.CreateObserver<ClusterEvent>();

    protected TestScheduler Scheduler { get; } = new();

    internal FakeLauncher Launcher { get; } = new();

    protected StringWriter LogText { get; } = new();

    protected ITestableObserver<ClusterEvent> Events { get; }

    /// <summary>Settings for <paramref name="workers"/> workers, heartbeats off (they have specs of their own: SupervisorHeartbeatSpecs).</summary>
    internal static ClusterSettings SettingsFor(int workers)
    {
        var settings = new ClusterSettings();
        settings.Set("workers", workers);
        settings.Set("heartbeat timeout", 0);
        return settings;
    }

    protected static long Ticks(TimeSpan span) => span.Ticks;

    protected static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    // The supervisor posts every input to its scheduler, and TestScheduler runs work posted "now" one tick
    // later; so an input given at ticks - 1 takes effect at ticks.
    protected void At(long ticks, Action action) => Scheduler.ScheduleAbsolute(ticks - 1, action);

    /// <summary>Worker <paramref name="id"/> (pid <paramref name="pid"/>) says it serves at <paramref name="at"/>.</summary>
    internal void Connect(Supervisor sut, long at, int id, int pid) =>
        At(at, () => sut.Report(id, pid, (time, w) => new WorkerConnected(time, w)));
}
