using System.Net.Sockets;
using Cluster.Rx.Interop;
using Cluster.Rx.Ipc;

namespace Cluster.Rx.Specs.Ipc;

public sealed class IpcServerSpecs
{
    [Theory]
    [InlineData(SocketError.TooManyOpenSockets)] // EMFILE, ENFILE
    [InlineData(SocketError.NoBufferSpaceAvailable)]
    [InlineData(SocketError.ConnectionAborted)] // ECONNABORTED
    [InlineData(SocketError.ConnectionReset)]
    [InlineData(SocketError.Interrupted)]
    public void IsTransient_ErrorsThatLoseOneConnection_AcceptingGoesOn(SocketError error) => Assert.True(IpcServer.IsTransient(error));

    [Theory]
    [InlineData(SocketError.OperationAborted)] // the socket was closed: the master is stopping
    [InlineData(SocketError.NotSocket)]
    [InlineData(SocketError.InvalidArgument)]
    public void IsTransient_ErrorsOfTheListeningSocketItself_EndAccepting(SocketError error) => Assert.False(IpcServer.IsTransient(error));

    [Fact]
    public async Task AcceptAsync_APeerThatCannotBeIdentifiedOrGoesAway_TheNextOneIsStillAccepted()
    {
        var directory = Directory.CreateTempSubdirectory("ipc-server-").FullName;
        try
        {
            using var sut = IpcServer.Bind(directory);
            var accepted = new TaskCompletionSource<PeerCredentials>(TaskCreationOptions.RunContinuationsAsynchronously);
            var accepting = sut.AcceptAsync((socket, peer) => { socket.Dispose(); accepted.TrySetResult(peer); }, _ => { });

            using (var early = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            {
                await early.ConnectAsync(new UnixDomainSocketEndPoint(sut.Path)); // and leaves at once
            }

            using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await client.ConnectAsync(new UnixDomainSocketEndPoint(sut.Path));
            var peer = await accepted.Task.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal(Environment.ProcessId, peer.Pid);
            Assert.False(accepting.IsCompleted);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
