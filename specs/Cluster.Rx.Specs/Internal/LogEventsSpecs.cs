using System.Reflection;
using Cluster.Rx.Internal;
using Microsoft.Extensions.Logging;

namespace Cluster.Rx.Specs.Internal;

/// <summary>The master's log events: stable, unique ids grouped by area; stderr lines exactly as they always read.</summary>
public sealed class LogEventsSpecs
{
    private static readonly LogEvent[] All = [.. typeof(LogEvents)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (LogEvent)field.GetValue(null)!)];

    [Fact]
    public void LogEvents_IdsAndNames_AreUnique_AndNamedAfterTheirField()
    {
        Assert.Equal(All.Length, All.Select(e => e.Id.Id).Distinct().Count());
        Assert.Equal(All.Length, All.Select(e => e.Id.Name).Distinct().Count());
        Assert.All(typeof(LogEvents).GetFields(BindingFlags.Public | BindingFlags.Static), field =>
            Assert.Equal(field.Name, ((LogEvent)field.GetValue(null)!).Id.Name));
    }

    [Fact]
    public void LogEvents_AreGroupedByArea()
    {
        Assert.All(All, e => Assert.InRange(e.Id.Id, 1, 999));
        Assert.Equal([LogLevel.Information, LogLevel.Warning], All.Where(e => e.Id.Id is >= 200 and < 300).Select(e => e.Level).Distinct().Order());
        Assert.Equal([(1, "Info"), (2, "Warning"), (3, "Error")], All.Where(e => e.Id.Id < 100).Select(e => (e.Id.Id, e.Id.Name!)));
        Assert.Equal(
            [(100, "StartFailed"), (201, "Listening"), (301, "StopTimeout"), (407, "RestartFailed"), (500, "TakingOver"), (601, "IpcChannelClosed"), (705, "SubscriberThrew")],
            new LogEvent[] { LogEvents.StartFailed, LogEvents.Listening, LogEvents.StopTimeout, LogEvents.RestartFailed, LogEvents.TakingOver, LogEvents.IpcChannelClosed, LogEvents.SubscriberThrew }
                .Select(e => (e.Id.Id, e.Id.Name!)));
    }

    [Fact]
    public void Write_ToStderr_ReadsAsItAlwaysDid()
    {
        var writer = new StringWriter();
        var sut = new ClusterLog(writer);

        sut.Write(LogEvents.StopTimeout, 1, 123, 5000d);
        sut.Write(LogEvents.Respawning, "worker 2 (pid 124) died with exit code 1 after serving for 3.5 s", 99.6);
        sut.Write(LogEvents.RestartDelayed, 1.24, 10d, 5d);
        sut.Write(LogEvents.ReplacementStarted, 300, Signal.SIGQUIT, 200);
        sut.Write(LogEvents.RollQueued);
        sut.Write(LogEvents.RestartFailedWithException.With("it exited", 200, "InvalidOperationException", "boom"));
        sut.Write(LogEvents.SnapshotNotDelivered, null, 5d);
        sut.Write(LogEvents.SubscriberThrew, "Events", "InvalidOperationException", "bug", "   at Here()");
        sut.Write(LogEvents.WorkerAppEnded, 0, 125);

        Assert.Equal(
            [
                "cluster: warning: worker 1 (pid 123) did not exit within the timeout of 5000 ms; killing it",
                "cluster: warning: worker 2 (pid 124) died with exit code 1 after serving for 3.5 s; replacing it in 100 ms",
                "cluster: info: restart asked for 1.2 s after start-up, within the 'restart threshold' of 10 s: it happens in 5 s ('restart timeout')",
                "cluster: info: restarting: new master pid 300 started; it takes over (sends SIGQUIT to pid 200) once its workers listen",
                "cluster: info: workers are being restarted already; they will be restarted once more when this roll ends",
                "cluster: error: restart failed: it exited; this master (pid 200) keeps serving (the new workers' last exception: InvalidOperationException: boom)",
                "cluster: error: the restart snapshot did not reach the new master (pid ) within 5 s",
                "cluster: error: a subscriber to Events threw InvalidOperationException: bug; it is unsubscribed; the other subscribers and the cluster go on",
                "   at Here()",
                "cluster: error: worker 0 (pid 125): the app stopped on its own; the worker exits and its master replaces it",
            ],
            writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Write_AnExceptionValue_ReadsAsItsToString()
    {
        var writer = new StringWriter();
        var sut = new ClusterLog(writer);
        var error = new InvalidOperationException("broken");

        sut.Write(LogEvents.PluginThrew, "repl", error);

        Assert.Equal($"cluster: error: plugin 'repl' threw on the master's loop; the master goes on: {error}{Environment.NewLine}", writer.ToString());
    }

    [Fact]
    public void LogEvent_TemplateAndArityDisagree_ThrowsNamingTheEvent()
    {
        var error = Assert.Throws<ArgumentException>(() => new LogEvent<int>(999, "Broken", LogLevel.Information, "{A} and {B}"));

        Assert.Contains("log event 999 (Broken) takes 1 value(s) but its template '{A} and {B}' has 2 hole(s)", error.Message, StringComparison.Ordinal);
    }
}
