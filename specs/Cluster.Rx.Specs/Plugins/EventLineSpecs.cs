using System.Net;
using System.Text.Json.Nodes;

namespace Cluster.Rx.Specs;

/// <summary>Every event's line: the level and the text of the original node cluster debug plugin, one line each.</summary>
public sealed class EventLineSpecs
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, 123, TimeSpan.Zero);
    private static readonly Worker Two = new(2, 4242);

    public static TheoryData<ClusterEvent, LineLevel, string> Lines => new()
    {
        { new Started(Noon, 10, "/tmp/cluster.sock"), LineLevel.Debug, "master started" },
        { new Listening(Noon, new IPEndPoint(IPAddress.Loopback, 3000)), LineLevel.Info, "listening on 127.0.0.1:3000" },
        { new WorkerSpawned(Noon, Two), LineLevel.Info, "worker 2 spawned" },
        { new WorkerConnected(Noon, Two), LineLevel.Info, "worker 2 connected" },
        { new WorkerKilled(Noon, Two, 137), LineLevel.Warning, "worker 2 died" },
        { new WorkerException(Noon, Two, "InvalidOperationException", "boom\nagain", "at X"), LineLevel.Error, "worker 2 uncaught exception boom again" },
        { new WorkerRemoved(Noon, Two), LineLevel.Info, "worker 2 removed" },
        { new WorkerWaiting(Noon, Two, 3), LineLevel.Info, "worker 2 waiting on 3 connections" },
        { new WorkerTimeout(Noon, Two), LineLevel.Warning, "worker 2 timed out" },
        { new WorkerHung(Noon, Two, TimeSpan.FromSeconds(61.25)), LineLevel.Warning, $"worker 2 (pid {Two.Pid}) hung: silent for 61.3 s, killed" },
        { new WorkerRecycled(Noon, Two, RecycleReason.MaxRequests, "1012 requests (limit 1012)"), LineLevel.Info, "worker 2 recycled (MaxRequests: 1012 requests (limit 1012))" },
        { new Killing(Noon, Signal.SIGTERM), LineLevel.Warning, "kill(SIGTERM)" },
        { new Closing(Noon, MasterState.GracefulShutdown), LineLevel.Warning, "shutting down" },
        { new Closed(Noon, 0), LineLevel.Info, "shutdown complete" },
        { new Restarting(Noon, []), LineLevel.Info, "restart requested" },
        { new Restarted(Noon, 10, new JsonObject()), LineLevel.Info, "restart complete" },
        { new CyclicRestart(Noon, TimeSpan.FromSeconds(2)), LineLevel.Warning, "cyclic restart detected, restarting in 2000 ms" },
        { new RestartFailed(Noon, "the new master exited", 77, 1, null), LineLevel.Error, "restart failed: the new master exited" },
        {
            new RestartFailed(Noon, "a new worker died", 78, 134, new WorkerException(Noon, Two, "IOException", "disk", "at Y")),
            LineLevel.Error,
            "restart failed: a new worker died (last worker exception: IOException: disk)"
        },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void From_EachEvent_HasItsLevelTextAndTimestamp(ClusterEvent e, LineLevel level, string text)
    {
        var line = EventLine.From(e);

        Assert.Equal(new EventLine(Noon, level, text), line);
    }

    [Fact]
    public void From_UnixSocketListening_NamesThePath()
    {
        var line = EventLine.From(new Listening(Noon, new System.Net.Sockets.UnixDomainSocketEndPoint("/run/app.sock")));

        Assert.Equal("listening on /run/app.sock", line?.Text);
    }

    [Fact]
    public void From_Null_Throws() => Assert.Throws<ArgumentNullException>(() => EventLine.From(null!));
}
