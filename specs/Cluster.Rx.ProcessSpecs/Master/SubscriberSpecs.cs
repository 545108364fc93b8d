using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs.Master;

/// <summary>
/// Subscribers are isolated: with subscribers that throw made first (the SpecHost's <c>THROWING_SUBSCRIBER</c>),
/// every later subscriber still sees every event, and restart and graceful shutdown still work.
/// </summary>
public sealed class SubscriberSpecs
{
    [Fact]
    public async Task ThrowingSubscribers_CostNoOtherSubscriberAnEvent_AndRestartAndShutdownStillWork()
    {
        using var cluster = ClusterProcess.Start(["restart"], new() { ["WORKERS"] = "2", ["THROWING_SUBSCRIBER"] = "1" });
        await cluster.PortAsync();

        await cluster.WorkersAsync(2);
        await cluster.WaitForErrorAsync(@"cluster: error: a subscriber to WorkerConnected threw InvalidOperationException: spec host: a subscriber that throws; it is unsubscribed.*");
        await cluster.WaitForErrorAsync(@"cluster: error: a subscriber to Events threw InvalidOperationException: spec host: a subscriber to Events that throws; it is unsubscribed.*");

        var from = cluster.Output.Count;
        cluster.SignalMaster(Signum.SIGUSR2);
        await cluster.WaitForLineAsync($@"restarted {cluster.Pid} 2 .*", from, Limits.Restart);
        Assert.Equal(0, await cluster.ExitCodeAsync());
        await cluster.WorkersAsync(2, from);

        var successor = cluster.MasterPids[^1];
        cluster.SignalMaster(successor, Signum.SIGQUIT);
        await cluster.WaitForLinesAsync("closed 0", 2);
        await Eventually.AssertAsync(() => cluster.IsGone(successor), Limits.Exit, cluster.Describe);
    }
}
