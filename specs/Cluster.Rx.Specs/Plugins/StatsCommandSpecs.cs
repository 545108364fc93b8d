using System.Reactive.Concurrency;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs;

/// <summary>
/// The Stats plugin's master part on a fake context and virtual time: the <c>stats</c> command pulls every serving
/// worker, waits for all of them (at most the timeout, 100 ticks here) and answers as text and JSON.
/// </summary>
public sealed class StatsCommandSpecs : ReactiveTest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromTicks(100);
    private static readonly Worker Zero = new(0, 100);
    private static readonly Worker One = new(1, 101);

    private readonly TestScheduler _scheduler = new();
    private readonly FakePluginContext _context;
    private readonly FakeResourceProbe _probe = new();

    public StatsCommandSpecs()
    {
        _context = new FakePluginContext(_scheduler) { Workers = [Zero, One] };
        _context.Events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new Started(Time(210), 10, "/run/ipc")),
            OnNext<ClusterEvent>(220, new WorkerSpawned(Time(220), Zero)),
            OnNext<ClusterEvent>(230, new WorkerSpawned(Time(230), One)));
    }

    private FakePluginChannel<WorkerActivity> Activity => _context.ChannelOf<WorkerActivity>("stats");

    private List<(int? WorkerId, StatsPull Message)> Pulls => _context.ChannelOf<StatsPull>("stats.pull").Sent;

    [Fact]
    public void Attach_DefinesTheStatsCommand_AndAStatsCommandDefinedAlreadyIsAClearError()
    {
        using var plugin = Plugins.Stats().Attach(_context);

        var command = _context.Commands.Find("stats");
        var error = Assert.Throws<ClusterException>(() => Plugins.Stats().Attach(_context));

        Assert.Equal("statistics of the master, the machine and every worker (counts exact at the call)", command?.Description);
        Assert.Equal("stats()", command?.Usage);
        Assert.Equal("plugin 'stats' failed to start: a command named 'stats' is defined already; choose another name (Parameter 'signature')", error.Message);
    }

    [Fact]
    public void Stats_PullsEveryWorker_AndAnswersOnceAllHaveAnswered_WithTheirLatestTotals()
    {
        var activity = _scheduler.CreateHotObservable(
            OnNext(300, Report(Zero, 5)),
            OnNext(420, Report(Zero, 7, pull: 1)),
            OnNext(480, Report(One, 2, pull: 1)));
        Activity.Received = activity;
        using var plugin = Attach(requests: true);

        var answer = Call(at: 400);
        _scheduler.AdvanceTo(479);
        var early = answer.IsCompleted;
        _scheduler.AdvanceTo(480);

        Assert.False(early);
        Assert.Equal([((int?)null, new StatsPull(1))], Pulls);
        var json = Json(answer);
        Assert.Equal(9, json["master"]!["requests"]!.GetValue<long>());
        Assert.Equal([7L, 2L], json["workers"]!.AsArray().Select(w => w!["requests"]!.GetValue<long>()));
        Assert.DoesNotContain("not answered", Text(answer));
        activity.Subscriptions.AssertEqual(Subscribe(0));
    }

    [Fact]
    public void Stats_AWorkerThatDoesNotAnswer_AnswersAfterTheTimeoutWithWhatItHas_NamingIt()
    {
        Activity.Received = _scheduler.CreateHotObservable(
            OnNext(300, Report(One, 4)),
            OnNext(420, Report(Zero, 7, pull: 1)));
        using var plugin = Attach(requests: true);

        var answer = Call(at: 400);
        _scheduler.AdvanceTo(499);
        var early = answer.IsCompleted;
        _scheduler.AdvanceTo(500);

        Assert.False(early);
        Assert.Equal(11, Json(answer)["master"]!["requests"]!.GetValue<long>());
        Assert.EndsWith("  not answered within 0 s, counts may be behind: #1 (pid 101)", Text(answer));
    }

    [Fact]
    public void Stats_AWorkerThatExitsBeforeItAnswers_IsNotWaitedFor_ItsLastTotalsCount()
    {
        Activity.Received = _scheduler.CreateHotObservable(
            OnNext(300, Report(One, 4)),
            OnNext(420, Report(Zero, 7, pull: 1)),
            OnNext(440, Report(One, 6)));
        _context.Events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(220, new WorkerSpawned(Time(220), Zero)),
            OnNext<ClusterEvent>(230, new WorkerSpawned(Time(230), One)),
            OnNext<ClusterEvent>(450, new WorkerKilled(Time(450), One, 137)));
        using var plugin = Attach(requests: true);

        var answer = Call(at: 400);
        _scheduler.AdvanceTo(450);

        Assert.True(answer.IsCompleted);
        Assert.Equal(13, Json(answer)["master"]!["requests"]!.GetValue<long>());
        Assert.Single(Json(answer)["workers"]!.AsArray());
    }

    [Fact]
    public void Stats_TwoCallsAtOnce_EachWaitsForItsOwnPull()
    {
        _context.Workers = [Zero];
        Activity.Received = _scheduler.CreateHotObservable(
            OnNext(420, Report(Zero, 1, pull: 1)),
            OnNext(460, Report(Zero, 3, pull: 2)));
        using var plugin = Attach(requests: true);

        var first = Call(at: 400);
        var second = Call(at: 410);
        _scheduler.AdvanceTo(420);
        var secondEarly = second.IsCompleted;
        _scheduler.AdvanceTo(460);

        Assert.False(secondEarly);
        Assert.Equal(1, Json(first)["master"]!["requests"]!.GetValue<long>());
        Assert.Equal(3, Json(second)["master"]!["requests"]!.GetValue<long>());
        Assert.Equal([new StatsPull(1), new StatsPull(2)], Pulls.Select(p => p.Message));
    }

    [Fact]
    public void Stats_TheCallerGoes_TheCallIsCancelled()
    {
        using var plugin = Attach(requests: true);
        using var gone = new CancellationTokenSource();

        var answer = Call(at: 400, gone.Token);
        _scheduler.ScheduleAbsolute(410, gone.Cancel);
        _scheduler.AdvanceTo(410);

        Assert.True(answer.IsCanceled);
    }

    [Fact]
    public void Stats_Text_TheMasterResourcesAndWorkerSections_AndJson_CamelCaseWithoutCountsNotAskedFor()
    {
        var start = new DateTimeOffset(2026, 11, 25, 13, 24, 1, TimeSpan.Zero).Ticks;
        _context.Events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(start, new Started(new DateTimeOffset(start, TimeSpan.Zero), 10, "/run/ipc")),
            OnNext<ClusterEvent>(start + Seconds(1), new WorkerSpawned(new DateTimeOffset(start + Seconds(1), TimeSpan.Zero), Zero)),
            OnNext<ClusterEvent>(start + Seconds(2), new WorkerSpawned(new DateTimeOffset(start + Seconds(2), TimeSpan.Zero), One)));
        Activity.Received = _scheduler.CreateHotObservable(
            OnNext(start + Seconds(10), new PluginMessage<WorkerActivity>(Zero, new WorkerActivity(12, 11, null))),
            OnNext(start + Seconds(125), new PluginMessage<WorkerActivity>(One, new WorkerActivity(3, 3, null, 1))),
            OnNext(start + Seconds(125), new PluginMessage<WorkerActivity>(Zero, new WorkerActivity(12, 11, null, 1))));
        using var plugin = Attach(connections: true);

        var answer = Call(at: start + Seconds(125) - 1);
        _scheduler.AdvanceTo(start + Seconds(125));

        Assert.Equal(
            $"""
            Master
              pid:         10
              os:          {RuntimeInformation.OSDescription}
              state:       active
              started:     Wed, 25 Nov 2026 13:24:01 GMT
              uptime:      2 minutes 5 seconds
              restarts:    0
              workers:     2
              deaths:      0
              connections: 1|15

            Resources
              load average:                  0.50 0.25 0.15
              cores utilized:                2 / 2
              memory at boot (free / total): 2.00 GiB / 4.00 GiB
              memory now (free / total):     1.00 GiB / 4.00 GiB

            Workers
              #0 (pid 100)
                uptime:      2 minutes 4 seconds
                connections: 1|12
              #1 (pid 101)
                uptime:      2 minutes 3 seconds
                connections: 0|3
            """,
            Text(answer));
        var expected = JsonNode.Parse(
            $$$"""
            {"master":{"pid":10,"os":"{{{RuntimeInformation.OSDescription}}}","state":"Active","started":"2026-11-25T13:24:01+00:00","uptime":"00:02:05","workers":2,"deaths":0,"restarts":0,"connectionsActive":1,"connectionsTotal":15},"resources":{"loadAverage":{"one":0.5,"five":0.25,"fifteen":0.15},"cores":2,"memoryAtBoot":{"free":2147483648,"total":4294967296},"memoryNow":{"free":1073741824,"total":4294967296}},"workers":[{"id":0,"pid":100,"started":"2026-11-25T13:24:02+00:00","uptime":"00:02:04","connectionsActive":1,"connectionsTotal":12},{"id":1,"pid":101,"started":"2026-11-25T13:24:03+00:00","uptime":"00:02:03","connectionsActive":0,"connectionsTotal":3}]}
            """);
        Assert.True(JsonNode.DeepEquals(expected, Json(answer)), Json(answer).ToJsonString());
    }

    private IDisposable Attach(bool connections = false, bool requests = false) =>
        StatsPlugin.Attach(_context, _probe, Timeout, connections, requests);

    /// <summary>Calls the command at virtual time <paramref name="at"/>.</summary>
    private Task<object?> Call(long at, CancellationToken cancellation = default)
    {
        Task<object?>? answer = null;
        _scheduler.ScheduleAbsolute(at, () => answer = _context.Commands.Find("stats")!.Run(new CommandCall(_context, [], cancellation)));
        _scheduler.AdvanceTo(at);
        return answer!;
    }

    private static string Text(Task<object?> answer) => ((CommandAnswer)answer.Result!).Text;

    private static JsonNode Json(Task<object?> answer) => ((CommandAnswer)answer.Result!).Json!;

    private static PluginMessage<WorkerActivity> Report(Worker worker, long requests, long pull = 0) =>
        new(worker, new WorkerActivity(null, null, requests, pull));

    private static long Seconds(int seconds) => TimeSpan.FromSeconds(seconds).Ticks;

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);
}
