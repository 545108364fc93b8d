using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Cluster.Rx.ProcessSpecs.Harness;

namespace Cluster.Rx.ProcessSpecs.Ipc;

/// <summary>
/// A stranger on the master's IPC socket (here: the spec itself, same user) sending what no worker would:
/// the master names the problem in its log, closes that one channel, and the cluster goes on.
/// </summary>
public sealed class IpcSpecs
{
    private const byte Hello = 1;

    public static TheoryData<string> BadInput => ["http request", "unknown type", "oversized", "not json", "unknown worker", "stolen pid"];

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Ipc_BadFrameFromStranger_ChannelClosedAndClusterGoesOn(string input)
    {
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "1" });
        var port = await cluster.PortAsync();
        var workers = await cluster.WorkersAsync(1);
        var (bytes, error) = Frame(input, workers[0]);

        using var stranger = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await stranger.ConnectAsync(new UnixDomainSocketEndPoint(Path.Combine(cluster.Scratch, $"cluster.{cluster.Pid}.sock")));
        await stranger.SendAsync(bytes);

        await cluster.WaitForErrorAsync($"cluster: error: IPC channel of pid {Environment.ProcessId}: .*{Regex.Escape(error)}.*");
        using var limit = new CancellationTokenSource(Limits.Line);
        var received = await stranger.ReceiveAsync(new byte[64], limit.Token);
        Assert.Equal(0, received);

        using var client = Clients.Tcp(port);
        var reply = await client.FetchAsync("/");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(workers[0], reply.Pid);
        Assert.False(cluster.HasExited, $"the master died\n{cluster.Describe()}");
        Assert.Empty(cluster.Lines(@"killed .*"));
    }

    private static (byte[] Bytes, string Error) Frame(string input, int workerPid) => input switch
    {
        // "GET " read as a little-endian length is 542 MB.
        "http request" => (Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), "exceeds the limit"),
        "unknown type" => (Header(0, 0xEE), "unknown IPC frame type 0xEE"),
        "oversized" => (Header(2 * 1024 * 1024, Hello), "exceeds the limit of 1048576 bytes"),
        "not json" => (Message(Hello, "{oops"), "not a valid HelloMessage"),
        "unknown worker" => (Message(Hello, $$"""{"id":7,"pid":{{Environment.ProcessId}}}"""), "which this master did not start"),
        "stolen pid" => (Message(Hello, $$"""{"id":0,"pid":{{workerPid}}}"""), $"says it is pid {workerPid}"),
        _ => throw new ArgumentOutOfRangeException(nameof(input), input, "no such case"),
    };

    private static byte[] Header(int length, byte type)
    {
        var header = new byte[5];
        BinaryPrimitives.WriteInt32LittleEndian(header, length);
        header[4] = type;
        return header;
    }

    private static byte[] Message(byte type, string json)
    {
        var payload = Encoding.UTF8.GetBytes(json);
        return [.. Header(payload.Length, type), .. payload];
    }
}
