using System.Net.Sockets;
using Cluster.Rx.Serving;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs.Serving;

public sealed class GracefulStopSpecs : ReactiveTest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly TestScheduler _scheduler = new();
    private readonly FakeServer _server = new();
    private readonly List<(long Ticks, int Open)> _waiting = [];
    private readonly List<long> _timedOut = [];

    [Fact]
    public async Task RunAsync_ServerStopsInTime_IsTrueAndReportsEveryChangeInOpenConnections()
    {
        _server.Connections = 3;
        var run = CreateSut().RunAsync(Waiting, TimedOut);

        _scheduler.AdvanceTo(Ticks(2.5));
        _server.Connections = 1;
        _scheduler.AdvanceTo(Ticks(4.5));
        _server.Stopped.SetResult();
        _scheduler.AdvanceTo(Ticks(30));

        Assert.True(await run.WaitAsync(TimeSpan.FromSeconds(5)));
        // TestScheduler runs a timer due "now" one tick later: the first count is taken at tick 1.
        Assert.Equal([(1L, 3), (Ticks(3) + 1, 1)], _waiting);
        Assert.Empty(_timedOut);
        Assert.False(_server.Abort.IsCancellationRequested);
    }

    [Fact]
    public async Task RunAsync_NoConnectionsOpen_ReportsNoWaiting()
    {
        var run = CreateSut().RunAsync(Waiting, TimedOut);

        _scheduler.AdvanceTo(Ticks(1));
        _server.Stopped.SetResult();

        Assert.True(await run.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Empty(_waiting);
    }

    [Fact]
    public async Task RunAsync_ServerOutlivesTheTimeout_ReportsTimeoutAtItAndAbortsTheServer()
    {
        _server.Connections = 1;
        var run = CreateSut().RunAsync(Waiting, TimedOut);

        _scheduler.AdvanceTo(Timeout.Ticks - 1);
        Assert.Empty(_timedOut);
        Assert.False(_server.Abort.IsCancellationRequested);
        _scheduler.AdvanceTo(Timeout.Ticks);

        Assert.False(await run.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal([Timeout.Ticks], _timedOut);
        Assert.True(_server.Abort.IsCancellationRequested);
    }

    private GracefulStop CreateSut() => new(new ServerService(_server), Timeout, _scheduler);

    private void Waiting(int open) => _waiting.Add((_scheduler.Clock, open));

    private void TimedOut() => _timedOut.Add(_scheduler.Clock);

    private static long Ticks(double seconds) => TimeSpan.FromSeconds(seconds).Ticks;

    private sealed class FakeServer : IServer
    {
        public TaskCompletionSource Stopped { get; } = new();

        public CancellationToken Abort { get; private set; }

        public int Connections { get; set; }

        public Task StartAsync(ListenContext context, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Abort = cancellationToken;
            return Stopped.Task;
        }
    }
}
