using System.Net.Sockets;
using Cluster.Rx.Ipc;

namespace Cluster.Rx.Specs.Ipc;

/// <summary>IpcConnection over a real Unix domain socket in a temporary directory (ConnectAsync and FromSocket).</summary>
public sealed class IpcConnectionUnixSocketSpecs : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"cluster-rx-ipc-{Guid.NewGuid():N}.sock");
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

    public IpcConnectionUnixSocketSpecs()
    {
        _listener.Bind(new UnixDomainSocketEndPoint(_path));
        _listener.Listen(1);
    }

    public void Dispose()
    {
        _listener.Dispose();
        File.Delete(_path);
    }

    [Fact]
    public async Task IpcConnection_OverAUnixSocket_ExchangesFramesBothWaysAndEndsCleanly()
    {
        Task<Socket> accepting = _listener.AcceptAsync();
        await using IpcConnection worker = await IpcConnection.ConnectAsync(_path, CancellationToken.None).WaitAsync(Bound);
        await using IpcConnection master = IpcConnection.FromSocket(await accepting.WaitAsync(Bound));
        var atWorker = new ReceivedFrames();
        var atMaster = new ReceivedFrames();
        var toMaster = Frames.Sample().Append((FrameType.Plugin, Enumerable.Range(0, 500_000).Select(i => (byte)i).ToArray())).ToArray();
        var toWorker = Frames.Sample().Reverse().ToArray();

        Task workerRun = worker.RunAsync(atWorker.OnFrame);
        Task masterRun = master.RunAsync(atMaster.OnFrame);
        foreach (var (type, payload) in toMaster)
        {
            Assert.True(worker.TrySend(type, payload));
        }

        foreach (var (type, payload) in toWorker)
        {
            Assert.True(master.TrySend(type, payload));
        }

        await atMaster.WhenCount(toMaster.Length).WaitAsync(Bound);
        await atWorker.WhenCount(toWorker.Length).WaitAsync(Bound);
        Frames.AssertSame(toMaster, atMaster.Snapshot());
        Frames.AssertSame(toWorker, atWorker.Snapshot());

        worker.Close();
        await Task.WhenAll(workerRun, masterRun).WaitAsync(Bound);
        Assert.False(master.TrySend(FrameType.Stop, []));
    }

    [Fact]
    public async Task IpcConnection_FlushThenClose_DeliversTheLastFrame()
    {
        // A dying worker: report the exception, flush, close; the master gets the frame, then a clean end.
        Task<Socket> accepting = _listener.AcceptAsync();
        IpcConnection worker = await IpcConnection.ConnectAsync(_path, CancellationToken.None).WaitAsync(Bound);
        await using IpcConnection master = IpcConnection.FromSocket(await accepting.WaitAsync(Bound));
        var atMaster = new ReceivedFrames();
        Task masterRun = master.RunAsync(atMaster.OnFrame);

        Task workerRun = worker.RunAsync((_, _) => { });
        Assert.True(worker.TrySend(FrameType.Exception, "System.InvalidOperationException: boom"u8));
        Assert.True(await worker.FlushAsync(Bound).WaitAsync(Bound));
        await worker.DisposeAsync().AsTask().WaitAsync(Bound);

        await masterRun.WaitAsync(Bound);
        Assert.True(workerRun.IsCompletedSuccessfully);
        var (type, payload) = Assert.Single(atMaster.Snapshot());
        Assert.Equal(FrameType.Exception, type);
        Assert.Equal("System.InvalidOperationException: boom"u8.ToArray(), payload);
    }

    [Fact]
    public async Task IpcConnection_ConnectAsyncToAMissingSocket_ThrowsNamingThePath()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"cluster-rx-ipc-{Guid.NewGuid():N}.missing.sock");

        var error = await Assert.ThrowsAsync<IOException>(() => IpcConnection.ConnectAsync(missing, CancellationToken.None).WaitAsync(Bound));

        Assert.Contains(missing, error.Message);
    }
}
