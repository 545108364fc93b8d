using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs.Servers;

/// <summary>
/// Every worker holds its own descriptor of the one listening socket: a worker that stops closes only its copy,
/// and the others (and its replacement) go on accepting.
/// </summary>
public sealed class SharedSocketSpecs
{
    private const int Rounds = 4;

    [Fact]
    public async Task SharedSocket_TcpWorkersStopOneAfterAnother_RequestsKeepSucceeding()
    {
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "2", ["TIMEOUT"] = "10000" });
        var port = await cluster.PortAsync();
        using var client = Clients.Tcp(port);

        await AssertRequestsSurviveWorkerStopsAsync(cluster, client);
    }

    [Fact]
    public async Task SharedSocket_UnixWorkersStopOneAfterAnother_SocketFileStaysAndRequestsKeepSucceeding()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("http.sock");
        using var cluster = ClusterProcess.Start(["unix", path], new() { ["WORKERS"] = "2", ["TIMEOUT"] = "10000" });
        await cluster.WaitForLineAsync($"listening {Regex.Escape(path)}");
        using var client = Clients.Unix(path);

        await AssertRequestsSurviveWorkerStopsAsync(cluster, client);
        Assert.True(File.Exists(path), $"the socket file {path} is gone while the master still listens\n{cluster.Describe()}");
    }

    /// <summary>
    /// Requests on fresh connections, one after another, while each worker in turn stops gracefully (SIGQUIT) and
    /// is replaced: not one may fail.
    /// </summary>
    private static async Task AssertRequestsSurviveWorkerStopsAsync(ClusterProcess cluster, HttpClient client)
    {
        var current = new Dictionary<int, int>(await cluster.WorkersAsync(2));
        using var stop = new CancellationTokenSource();
        var succeeded = 0;
        var failures = new ConcurrentQueue<string>();
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var reply = await client.FetchAsync("/");
                    if (reply.Status == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref succeeded);
                    }
                    else
                    {
                        failures.Enqueue($"HTTP {(int)reply.Status} from worker {reply.Id} (pid {reply.Pid})");
                    }
                }
                catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
                {
                    failures.Enqueue($"{e.GetType().Name}: {e.Message}");
                }
            }
        });

        for (var round = 0; round < Rounds; round++)
        {
            var id = round % 2;
            var from = cluster.Output.Count;
            var before = Volatile.Read(ref succeeded);
            cluster.SignalWorker(current[id], Signum.SIGQUIT);
            await cluster.WaitForLineAsync($"killed {id} {current[id]} 0", from);
            var connected = await cluster.WaitForLineAsync($@"connected {id} (\d+)", from);
            current[id] = int.Parse(connected.Groups[1].Value, CultureInfo.InvariantCulture);
            await Eventually.AssertAsync(
                () => Volatile.Read(ref succeeded) >= before + 10 || !failures.IsEmpty,
                Limits.Line,
                () => $"requests did not go on after worker {id} was replaced ({Volatile.Read(ref succeeded)} succeeded)\n{cluster.Describe()}");
        }

        await stop.CancelAsync();
        await load.WaitAsync(Limits.Line);
        Assert.True(failures.IsEmpty, $"{failures.Count} of {succeeded + failures.Count} requests failed: {string.Join("; ", failures.Take(5))}\n{cluster.Describe()}");
    }
}
