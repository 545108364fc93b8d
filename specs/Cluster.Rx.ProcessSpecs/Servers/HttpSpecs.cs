using System.Net;
using Cluster.Rx.ProcessSpecs.Harness;

namespace Cluster.Rx.ProcessSpecs.Servers;

public sealed class HttpSpecs
{
    [Fact]
    public async Task Http_TwoWorkers_AnswerFromBothWorkerPids()
    {
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "2" });
        var port = await cluster.PortAsync();
        var workers = await cluster.WorkersAsync(2);
        using var client = Clients.Tcp(port);

        // Every request on a fresh connection: the kernel hands each to whichever worker accepts first.
        var seen = new HashSet<int>();
        for (var request = 0; request < 200 && seen.Count < 2; request++)
        {
            var reply = await client.FetchAsync("/");
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            Assert.StartsWith($"pid={reply.Pid} id={reply.Id} ", reply.Body);
            seen.Add(reply.Pid);
        }

        Assert.Equal(workers.Values.Order(), seen.Order());
    }
}
