using System.Net.Sockets;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
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
    private readonly StringWriter _log = new();
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
        new ClusterLog(_log));
}
