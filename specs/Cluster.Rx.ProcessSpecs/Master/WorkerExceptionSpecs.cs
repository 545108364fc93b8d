using System.Globalization;
using System.Net;
using Cluster.Rx.ProcessSpecs.Harness;

namespace Cluster.Rx.ProcessSpecs.Master;

public sealed class WorkerExceptionSpecs
{
    [Fact]
    public async Task WorkerException_UnhandledOnBackgroundThread_ReportedAndWorkerReplaced()
    {
        using var cluster = ClusterProcess.Start(["throw"], new() { ["WORKERS"] = "2" });
        var port = await cluster.PortAsync();
        await cluster.WorkersAsync(2);
        var from = cluster.Output.Count;
        using var client = Clients.Tcp(port);

        // The answer may or may not arrive before the worker dies; the events tell what happened.
        await Record.ExceptionAsync(() => client.FetchAsync("/throw"));

        var exception = await cluster.WaitForLineAsync(@"exception (\d+) System\.InvalidOperationException boom", from);
        var id = exception.Groups[1].Value;
        var killed = await cluster.WaitForLineAsync($@"killed {id} (\d+) \d+", from);
        var dead = int.Parse(killed.Groups[1].Value, CultureInfo.InvariantCulture);
        var spawned = await cluster.WaitForLineAsync($@"spawned {id} (\d+)", from);
        var replacement = int.Parse(spawned.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.NotEqual(dead, replacement);
        await cluster.WaitForLineAsync($"connected {id} {replacement}", from);

        var reply = await client.FetchAsync("/");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.NotEqual(dead, reply.Pid);
    }
}
