using System.Net;
using System.Reactive.Linq;
using System.Text.Json.Nodes;
using Cluster.Rx.Internal;
using Cluster.Rx.Observability;
using Cluster.Rx.Specs.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs.Observability;

/// <summary>The lifecycle as log lines, on virtual time: one line per event that has one; a worker that exits during a shutdown is no death.</summary>
public sealed class LifecycleLogSpecs : ReactiveTest
{
    private readonly TestScheduler _scheduler = new();

    [Fact]
    public void Lines_ArgumentChecking()
    {
        Assert.Throws<ArgumentNullException>(() => LifecycleLog.Lines(null!));
    }

    [Fact]
    public void Lines_AClusterStartsServesAndLosesAWorker_InfoThenAWarning()
    {
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new Started(Time(210), 10, "/run/ipc")),
            OnNext<ClusterEvent>(220, new Listening(Time(220), new IPEndPoint(IPAddress.Loopback, 3000))),
            OnNext<ClusterEvent>(230, new WorkerSpawned(Time(230), new Worker(0, 100))),
            OnNext<ClusterEvent>(240, new WorkerConnected(Time(240), new Worker(0, 100))),
            OnNext<ClusterEvent>(250, new WorkerWaiting(Time(250), new Worker(0, 100), 3)),
            OnNext<ClusterEvent>(300, new WorkerException(Time(300), new Worker(0, 100), "InvalidOperationException", "boom", "   at Serve()")),
            OnNext<ClusterEvent>(310, new WorkerKilled(Time(310), new Worker(0, 100), 1)),
            OnNext<ClusterEvent>(320, new WorkerKilled(Time(320), new Worker(1, 101), 137)),
            OnNext<ClusterEvent>(330, new WorkerKilled(Time(330), new Worker(2, 102), 128 + 31)),
            OnCompleted<ClusterEvent>(400));

        var results = _scheduler.Start(() => events.Lines().Select(Describe));

        results.Messages.AssertEqual(
            OnNext(210, (LogLevel.Information, 200, "master pid 10 started (IPC socket /run/ipc)")),
            OnNext(220, (LogLevel.Information, 201, "listening on 127.0.0.1:3000")),
            OnNext(230, (LogLevel.Information, 202, "worker 0 (pid 100) started")),
            OnNext(240, (LogLevel.Information, 203, "worker 0 (pid 100) serving")),
            OnNext(300, (LogLevel.Warning, 208, "worker 0 (pid 100) failed: InvalidOperationException: boom")),
            OnNext(310, (LogLevel.Warning, 205, "worker 0 (pid 100) died with exit code 1")),
            OnNext(320, (LogLevel.Warning, 206, "worker 1 (pid 101) was killed by SIGKILL (exit code 137)")),
            OnNext(330, (LogLevel.Warning, 206, "worker 2 (pid 102) was killed by signal 31 (exit code 159)")),
            OnCompleted<(LogLevel, int, string)>(400));
        events.Subscriptions.AssertEqual(Subscribe(200, 400));
    }

    [Fact]
    public void Lines_RemovedRestartedAndShutDown_AreInfo_AWorkerExitingAfterClosingIsNoDeath()
    {
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new WorkerRemoved(Time(210), new Worker(3, 103))),
            OnNext<ClusterEvent>(220, new Restarting(Time(220), [])),
            OnNext<ClusterEvent>(230, new Restarted(Time(230), 9, [])),
            OnNext<ClusterEvent>(235, new CyclicRestart(Time(235), TimeSpan.FromSeconds(5))),
            OnNext<ClusterEvent>(240, new WorkerTimeout(Time(240), new Worker(0, 100))),
            OnNext<ClusterEvent>(300, new Closing(Time(300), MasterState.GracefulShutdown)),
            OnNext<ClusterEvent>(305, new Killing(Time(305), Signal.SIGQUIT)),
            OnNext<ClusterEvent>(310, new WorkerKilled(Time(310), new Worker(0, 100), 0)),
            OnNext<ClusterEvent>(320, new WorkerKilled(Time(320), new Worker(1, 101), 137)),
            OnNext<ClusterEvent>(330, new Closed(Time(330), 0)));

        var results = _scheduler.Start(() => events.Lines().Select(Describe), created: 100, subscribed: 200, disposed: 500);

        results.Messages.AssertEqual(
            OnNext(210, (LogLevel.Information, 207, "worker 3 (pid 103) removed")),
            OnNext(220, (LogLevel.Information, 211, "restarting: a new master takes over once its workers serve")),
            OnNext(230, (LogLevel.Information, 212, "restarted: took over from master pid 9")),
            OnNext(240, (LogLevel.Warning, 209, "worker 0 (pid 100) did not stop within the 'timeout'; it exits now")),
            OnNext(300, (LogLevel.Information, 213, "closing (graceful shutdown)")),
            OnNext(305, (LogLevel.Information, 210, "sending SIGQUIT to every worker")),
            OnNext(310, (LogLevel.Information, 204, "worker 0 (pid 100) exited with code 0")),
            OnNext(320, (LogLevel.Information, 204, "worker 1 (pid 101) exited with code 137")),
            OnNext(330, (LogLevel.Information, 214, "closed with exit code 0")));
        events.Subscriptions.AssertEqual(Subscribe(200, 500));
    }

    [Fact]
    public void Lines_WorkerRecycled_IsInfo216_WithTheReasonAndTheDetailByName()
    {
        var line = LifecycleLog.From(new WorkerRecycled(Time(0), new Worker(1, 101), RecycleReason.MaxMemory, "RSS 301 MiB over 'max memory' 256 MiB"), closing: false)!;

        Assert.Equal((LogLevel.Information, 216, "WorkerRecycled"), (line.Event.Level, line.Event.Id.Id, line.Event.Id.Name));
        Assert.Equal("worker 1 (pid 101) is recycled (MaxMemory: RSS 301 MiB over 'max memory' 256 MiB); a new worker takes its place before it stops", line.Text);
        Assert.Equal(RecycleReason.MaxMemory, line.Single(v => v.Key == "Reason").Value);
    }

    [Fact]
    public void Lines_AHardShutdown_SaysSo()
    {
        Assert.Equal("closing (hard shutdown)", LifecycleLog.From(new Closing(Time(0), MasterState.HardShutdown), closing: false)!.Text);
    }

    [Fact]
    public void Lines_ToALogger_StructuredValuesByName()
    {
        var factory = new CapturingLoggerFactory();
        var logger = factory.CreateLogger("Cluster.Rx");
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new WorkerKilled(Time(210), new Worker(1, 101), 137)),
            OnNext<ClusterEvent>(220, new Listening(Time(220), new IPEndPoint(IPAddress.Loopback, 3000))));

        _scheduler.Start(() => events.Lines().Do(line => line.WriteTo(logger)));

        Assert.Collection(
            factory.Entries,
            died =>
            {
                Assert.Equal((LogLevel.Warning, new EventId(206, "WorkerKilledBySignal")), (died.Level, died.EventId));
                Assert.Equal((1, 101, "SIGKILL", 137), ((int)died["WorkerId"]!, (int)died["Pid"]!, (string)died["Signal"]!, (int)died["ExitCode"]!));
                Assert.Equal("worker {WorkerId} (pid {Pid}) was killed by {Signal} (exit code {ExitCode})", died["{OriginalFormat}"]);
            },
            listening => Assert.Equal(new IPEndPoint(IPAddress.Loopback, 3000), listening["EndPoint"]));
    }

    private static (LogLevel, int, string) Describe(LogLine line) => (line.Event.Level, line.Event.Id.Id, line.Text);

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);
}
