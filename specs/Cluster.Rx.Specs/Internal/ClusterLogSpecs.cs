using Cluster.Rx.Internal;

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
}
