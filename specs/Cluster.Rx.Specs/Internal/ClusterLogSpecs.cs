using Cluster.Rx.Internal;
using Microsoft.Extensions.Logging;

namespace Cluster.Rx.Specs.Internal;

/// <summary>The master's own lines go to stderr and, with the clock's timestamp, to plugins that listen.</summary>
public sealed class ClusterLogSpecs
{
    [Fact]
    public void Write_EachLevel_GoesToTheWriterAndToListeners()
    {
        var writer = new StringWriter();
        var at = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var sut = new ClusterLog(writer) { Clock = () => at };
        var entries = new List<ClusterLogEntry>();
        using var subscription = sut.Entries("spec").Subscribe(entries.Add);

        sut.Info("one");
        sut.Warning("two");
        sut.Error("three");

        Assert.Equal(["cluster: info: one", "cluster: warning: two", "cluster: error: three"], writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal([new(at, "info", "one"), new(at, "warning", "two"), new ClusterLogEntry(at, "error", "three")], entries);
    }

    [Fact]
    public void Write_ADebugLine_IsNotWrittenToStderr_ButListenersGetIt()
    {
        var writer = new StringWriter();
        var at = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
        var sut = new ClusterLog(writer) { Clock = () => at };
        var entries = new List<ClusterLogEntry>();
        using var subscription = sut.Entries("spec").Subscribe(entries.Add);

        sut.Write(LogEvents.StandbyStarted, 4321);

        Assert.Empty(writer.ToString());
        Assert.Equal([new ClusterLogEntry(at, "debug", "standby (pid 4321) started")], entries);
    }

    [Fact]
    public void Write_AListenerThrows_ItIsUnsubscribedAndTheLineStillWritten()
    {
        var writer = new StringWriter();
        var sut = new ClusterLog(writer);
        using var thrower = sut.Entries("thrower").Subscribe(_ => throw new InvalidOperationException("listener bug"));

        sut.Warning("first");
        sut.Warning("second");

        var lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("cluster: warning: first", lines[0]);
        Assert.StartsWith("cluster: error: a subscriber to thrower threw InvalidOperationException: listener bug", lines[1], StringComparison.Ordinal);
        Assert.Contains("cluster: warning: second", lines);
    }

    [Fact]
    public void Write_WithALogger_GoesToItWithLevelEventIdAndValues_NotToTheWriter()
    {
        var writer = new StringWriter();
        var factory = new CapturingLoggerFactory();
        var sut = new ClusterLog(writer) { Logger = factory.CreateLogger("Cluster.Rx") };

        sut.Write(LogEvents.StopTimeout, 1, 123, 5000d);

        Assert.Empty(writer.ToString());
        var entry = Assert.Single(factory.Entries);
        Assert.Equal(("Cluster.Rx", LogLevel.Warning, new EventId(301, "StopTimeout")), (entry.Category, entry.Level, entry.EventId));
        Assert.Equal("worker 1 (pid 123) did not exit within the timeout of 5000 ms; killing it", entry.Message);
        Assert.Equal(
            new KeyValuePair<string, object?>[]
            {
                new("WorkerId", 1),
                new("Pid", 123),
                new("TimeoutMs", 5000d),
                new("{OriginalFormat}", "worker {WorkerId} (pid {Pid}) did not exit within the timeout of {TimeoutMs} ms; killing it"),
            },
            entry.Values);
    }

    [Fact]
    public void Write_WithALogger_PluginsStillGetTheLineAsText()
    {
        var at = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var sut = new ClusterLog(TextWriter.Null) { Clock = () => at, Logger = new CapturingLoggerFactory().CreateLogger("Cluster.Rx") };
        var entries = new List<ClusterLogEntry>();
        using var subscription = sut.Entries("spec").Subscribe(entries.Add);

        sut.Write(LogEvents.TakingOver, 300, 200);
        sut.Error("plain text");

        Assert.Equal(
            [
                new(at, "info", "new master pid 300 is taking over from master pid 200"),
                new ClusterLogEntry(at, "error", "plain text"),
            ],
            entries);
    }

    [Fact]
    public void Write_PlainText_IsAnEventOfItsLevel_WithTheTextAsItsValue()
    {
        var factory = new CapturingLoggerFactory();
        var sut = new ClusterLog(TextWriter.Null) { Logger = factory.CreateLogger("Cluster.Rx") };

        sut.Info("one");
        sut.Warning("two");
        sut.Error("three");

        Assert.Equal(
            [(LogLevel.Information, 1, "one"), (LogLevel.Warning, 2, "two"), (LogLevel.Error, 3, "three")],
            factory.Entries.Select(e => (e.Level, e.EventId.Id, (string)e["Text"]!)));
    }

    [Fact]
    public void Write_ALevelTheLoggerFiltersOut_IsNotLogged_ButPluginsStillGetIt()
    {
        var factory = new CapturingLoggerFactory { MinimumLevel = LogLevel.Warning };
        var sut = new ClusterLog(TextWriter.Null) { Logger = factory.CreateLogger("Cluster.Rx") };
        var entries = new List<ClusterLogEntry>();
        using var subscription = sut.Entries("spec").Subscribe(entries.Add);

        sut.Write(LogEvents.RollQueued);
        sut.Write(LogEvents.NoWorkers);

        Assert.Equal([300], factory.Entries.Select(e => e.EventId.Id));
        Assert.Equal(["info", "warning"], entries.Select(e => e.Level));
    }
}
