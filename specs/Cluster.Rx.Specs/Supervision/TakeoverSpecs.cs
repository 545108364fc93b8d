using System.Net.Sockets;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using System.Text;
using Cluster.Rx.Internal;
using Cluster.Rx.Ipc;
using Cluster.Rx.Supervision;

namespace Cluster.Rx.Specs.Supervision;

/// <summary>
/// The new master's side of a restart, against a stand-in for the old master on a real IPC socket: whatever the
/// old master hands over — a snapshot, garbage, or nothing — the new master publishes one <see cref="Restarted"/>.
/// </summary>
public sealed class TakeoverSpecs : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly string _directory = Directory.CreateTempSubdirectory("takeover-").FullName;
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly StringWriter _log = new();
    private readonly List<(int Pid, Signal Signal)> _signals = [];
    private readonly TaskCompletionSource<Restarted> _restarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public async Task Start_OldMasterHandsOverASnapshot_PublishesItOnRestarted()
    {
        var restarted = await TakeOverFromAsync(Encoding.UTF8.GetBytes("""{"generation":3}"""));

        Assert.Equal(4242, restarted.PreviousMasterPid);
        Assert.Equal(3, (int?)restarted.Snapshot["generation"]);
        Assert.DoesNotContain("error", _log.ToString());
    }

    [Fact]
    public async Task Start_SnapshotIsNotJson_PublishesAnEmptyOneAndSaysWhy()
    {
        var restarted = await TakeOverFromAsync("{not json"u8.ToArray());

        Assert.Empty(restarted.Snapshot);
        Assert.Contains("the restart snapshot cannot be read", _log.ToString());
    }

    [Fact]
    public async Task Start_SnapshotIsNotAnObject_PublishesAnEmptyOneAndSaysWhy()
    {
        var restarted = await TakeOverFromAsync("[1,2]"u8.ToArray());

        Assert.Empty(restarted.Snapshot);
        Assert.Contains("the restart snapshot is not a JSON object", _log.ToString());
    }

    [Fact]
    public async Task Start_OldMasterClosesWithoutASnapshot_PublishesAnEmptyOneAndSaysWhy()
    {
        var restarted = await TakeOverFromAsync(snapshot: null);

        Assert.Empty(restarted.Snapshot);
        Assert.Contains("handed over no restart snapshot", _log.ToString());
    }

    [Fact]
    public async Task Start_OldMasterUnreachable_PublishesAnEmptyOneAndSaysWhy()
    {
        using var sut = CreateSut(Path.Combine(_directory, "nobody-listens.sock")).Start(Observable.Never<ClusterEvent>(), workers: 1, TimeSpan.FromMinutes(1), () => { });

        var restarted = await _restarted.Task.WaitAsync(Bound);

        Assert.Empty(restarted.Snapshot);
        Assert.Contains("no restart snapshot from the old master (pid 4242)", _log.ToString());
    }

    [Fact]
    public void Start_EveryWorkerConnects_SignalsTheOldMasterOnce()
    {
        using var oldMaster = IpcServer.Bind(_directory);
        _ = oldMaster.AcceptAsync((socket, peer) => _ = IpcConnection.FromSocket(socket).RunAsync((_, _) => { }), _ => { });
        var events = new Subject<ClusterEvent>();
        var failed = false;
        using var sut = CreateSut(oldMaster.Path).Start(events, workers: 2, TimeSpan.FromMinutes(1), () => failed = true);

        events.OnNext(new WorkerConnected(At, new Worker(0, 100)));
        Assert.Empty(_signals);
        events.OnNext(new WorkerConnected(At, new Worker(1, 101)));
        events.OnNext(new WorkerKilled(At, new Worker(1, 101), 137));
        events.OnCompleted();

        Assert.Equal([(4242, Signal.SIGQUIT)], _signals);
        Assert.False(failed);
    }

    [Fact]
    public async Task Start_AWorkerDiesFirst_NeverSignalsTheOldMaster_TellsItWhy_ThenFails()
    {
        using var oldMaster = IpcServer.Bind(_directory);
        var report = new TaskCompletionSource<RestartFailedMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = oldMaster.AcceptAsync(
            (socket, peer) => _ = IpcConnection.FromSocket(socket).RunAsync((type, payload) =>
            {
                if (type == FrameType.RestartFailed)
                {
                    report.TrySetResult(IpcMessages.Read<RestartFailedMessage>(type, payload));
                }
            }),
            _ => { });
        var events = new Subject<ClusterEvent>();
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sut = CreateSut(oldMaster.Path).Start(events, workers: 2, TimeSpan.FromMinutes(1), failed.SetResult);

        events.OnNext(new WorkerConnected(At, new Worker(0, 100)));
        events.OnNext(new WorkerException(At, new Worker(1, 101), "System.InvalidOperationException", "broken build", "at Main"));
        events.OnNext(new WorkerKilled(At, new Worker(1, 101), 134));
        events.OnNext(new WorkerConnected(At, new Worker(1, 102)));

        var told = await report.Task.WaitAsync(Bound);
        await failed.Task.WaitAsync(Bound);
        Assert.Empty(_signals);
        Assert.Equal("its worker 1 (pid 101) exited with code 134 before all its workers were ready", told.Reason);
        Assert.Equal((1, 101), (told.WorkerId, told.WorkerPid));
        Assert.Equal(new ExceptionMessage("System.InvalidOperationException", "broken build", "at Main"), told.Exception);
        Assert.Contains("the restart failed: its worker 1 (pid 101) exited with code 134", _log.ToString());
    }

    [Fact]
    public async Task Start_OldMasterUnreachable_AFailureStillEndsInFail()
    {
        var events = new Subject<ClusterEvent>();
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sut = CreateSut(Path.Combine(_directory, "nobody-listens.sock")).Start(events, workers: 1, TimeSpan.FromMinutes(1), failed.SetResult);

        events.OnNext(new Closing(At, MasterState.HardShutdown));

        await failed.Task.WaitAsync(Bound);
        Assert.Empty(_signals);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Stands in for the old master: waits for the Replacement frame, sends the snapshot (if any), closes.</summary>
    private async Task<Restarted> TakeOverFromAsync(byte[]? snapshot)
    {
        using var oldMaster = IpcServer.Bind(_directory);
        var introduced = new TaskCompletionSource<FrameType>(TaskCreationOptions.RunContinuationsAsynchronously);
        var served = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = oldMaster.AcceptAsync((socket, peer) => _ = ServeAsync(socket), _ => { });

        // The new master's workers never all connect here, so it never signals pid 4242.
        using var sut = CreateSut(oldMaster.Path).Start(Observable.Never<ClusterEvent>(), workers: 1, TimeSpan.FromMinutes(1), () => { });

        Assert.Equal(FrameType.Replacement, await introduced.Task.WaitAsync(Bound));
        await served.Task.WaitAsync(Bound);
        return await _restarted.Task.WaitAsync(Bound);

        async Task ServeAsync(Socket socket)
        {
            var channel = IpcConnection.FromSocket(socket);
            var run = channel.RunAsync((type, _) => introduced.TrySetResult(type));
            await introduced.Task.WaitAsync(Bound);
            if (snapshot is not null)
            {
                channel.TrySend(FrameType.Snapshot, snapshot);
                await channel.FlushAsync(Bound);
            }

            channel.Close();
            await run.WaitAsync(Bound);
            served.SetResult();
        }
    }

    private Takeover CreateSut(string parentIpcPath) => new(
        new ReplacementEnvironment(4242, parentIpcPath, ListenFd: null, Signal.SIGQUIT),
        DefaultScheduler.Instance,
        e => _restarted.TrySetResult(Assert.IsType<Restarted>(e)),
        new ClusterLog(_log),
        (pid, signal) =>
        {
            lock (_signals)
            {
                _signals.Add((pid, signal));
            }

            return true;
        });
}
