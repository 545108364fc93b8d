using System.Globalization;
using System.Net;
using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;
using Xunit.Abstractions;

namespace Cluster.Rx.ProcessSpecs.Hosting;

/// <summary>
/// An ASP.NET Core app written the usual way (WebApplication.CreateBuilder, a mapped route reading configuration)
/// clustered with <c>app.RunClusterAsync</c>: the SpecHost's <c>webapp</c> scenario, its own arguments after it.
/// </summary>
public sealed class WebAppSpecs(ITestOutputHelper output)
{
    [Fact]
    public async Task RunClusterAsync_WorkersAndListenInCode_ServesTheAppFromTwoWorkers()
    {
        using var cluster = ClusterProcess.Start(["webapp"], new() { ["CODE_WORKERS"] = "2", ["CODE_PORT"] = "0", ["Greeting"] = "hi" });
        var port = await cluster.PortAsync();
        var workers = await cluster.WorkersAsync(2);
        using var client = Clients.Tcp(port);

        var seen = new HashSet<int>();
        for (var request = 0; request < 200 && seen.Count < 2; request++)
        {
            var reply = await client.FetchAsync("/greeting");
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            var pid = int.Parse(reply.Body.Split(' ')[0]["pid=".Length..], CultureInfo.InvariantCulture);
            Assert.EndsWith(" greeting=hi", reply.Body);
            seen.Add(pid);
        }

        Assert.Equal(workers.Values.Order(), seen.Order());

        // The master's lines go through the app's own logging: the console, with its category and event ids.
        await cluster.WaitForLineAsync(@"info: Cluster\.Rx\[201\]");
        await cluster.WaitForLineAsync($@"\s+listening on 127\.0\.0\.1:{port}");
        await cluster.WaitForLinesAsync(@"info: Cluster\.Rx\[203\]", 2);
        Assert.DoesNotContain(cluster.Errors.Lines(), line => line.StartsWith("cluster:", StringComparison.Ordinal));
        cluster.SignalMaster(Signum.SIGQUIT);
        Assert.Equal(0, await cluster.ExitCodeAsync());
    }

    [Fact]
    public async Task RunClusterAsync_NoCodeSettings_TakesWorkersFromConfigurationAndTheAddressFromUrls()
    {
        using var cluster = ClusterProcess.Start(["webapp", "--urls", "http://127.0.0.1:0"], new() { ["Cluster__Workers"] = "3" });
        var port = await cluster.PortAsync();
        var workers = await cluster.WorkersAsync(3);
        using var client = Clients.Tcp(port);

        var reply = await client.FetchAsync("/");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Contains(reply.Pid, workers.Values);
        Assert.Empty(cluster.Lines(@"connected 3 \d+"));
        cluster.SignalMaster(Signum.SIGQUIT);
        Assert.Equal(0, await cluster.ExitCodeAsync());
    }

    [Theory]
    [InlineData("--urls=https://127.0.0.1:0", "urls \\(--urls, ASPNETCORE_URLS\\) names 'https://127.0.0.1:0': a cluster serves plain HTTP")]
    [InlineData("--urls=http://127.0.0.1:0;http://127.0.0.1:1", "urls \\(--urls, ASPNETCORE_URLS\\) names 2 endpoints")]
    [InlineData("--Cluster:Workers=lots", "Configuration key 'Cluster:Workers' \\(setting 'workers'\\) takes a whole number from 1 to \\d+; got \"lots\"")]
    [InlineData("--Cluster:Wrokers=2", "Unknown configuration key 'Cluster:Wrokers'. Valid keys: Cluster:Workers, ")]
    public async Task RunClusterAsync_BadAddressOrSetting_IsOneClearLine_ExitOne_NothingStarted(string argument, string error)
    {
        using var cluster = ClusterProcess.Start(["webapp", argument]);

        Assert.Equal(1, await cluster.ExitCodeAsync());
        await cluster.WaitForErrorAsync($"cluster: error: {error}.*");
        Assert.Empty(cluster.Lines(@"spawned \d+ \d+"));
    }

    [Fact]
    public async Task RunClusterAsync_SlimBuilderWithUseCluster_Serves()
    {
        using var cluster = ClusterProcess.Start(["webapp"], new() { ["WEBAPP_BUILDER"] = "slim-use", ["CODE_WORKERS"] = "1", ["CODE_PORT"] = "0", ["Greeting"] = "slim" });
        var port = await cluster.PortAsync();
        var workers = await cluster.WorkersAsync(1);
        using var client = Clients.Tcp(port);

        var reply = await client.FetchAsync("/greeting");

        Assert.Equal($"pid={workers[0]} id=0 greeting=slim", reply.Body);
        cluster.SignalMaster(Signum.SIGQUIT);
        Assert.Equal(0, await cluster.ExitCodeAsync());
    }

    [Fact]
    public async Task RunClusterAsync_SlimBuilderWithoutUseCluster_WorkersFailToBootSayingWhy_MasterGivesUp()
    {
        using var cluster = ClusterProcess.Start(["webapp"], new() { ["WEBAPP_BUILDER"] = "slim", ["CODE_WORKERS"] = "1", ["CODE_PORT"] = "0", ["Cluster__MaxBootFailures"] = "2" });

        Assert.Equal(1, await cluster.ExitCodeAsync(Limits.CrashLoop));
        await cluster.WaitForLineAsync(@"exception 0 Cluster\.Rx\.ClusterException the app was built without Cluster\.Rx\.Http's worker setup.*call builder\.WebHost\.UseCluster\(\) before Build.*");
    }

    [Fact]
    public async Task RunClusterAsync_RestartUnderLoad_NoRequestFails_TheNewMastersWorkersServe()
    {
        using var cluster = ClusterProcess.Start(
            ["webapp"],
            new() { ["CODE_PORT"] = "0", ["Cluster__Workers"] = "2", ["Cluster__RestartThreshold"] = "0", ["Cluster__Timeout"] = "20000" });
        var port = await cluster.PortAsync();
        var master = cluster.Pid;
        await cluster.WorkersAsync(2);
        await using var load = Load.Start(port);
        await load.WaitForSuccessesAsync(TimeSpan.Zero, 50, cluster.Describe);

        var from = cluster.Output.Count;
        cluster.SignalMaster(Signum.SIGUSR2);
        var successor = int.Parse((await cluster.WaitForLineAsync(@"started (\d+)", from, Limits.Restart)).Groups[1].Value, CultureInfo.InvariantCulture);
        await cluster.WaitForLineAsync("closed 0", from, Limits.Restart);
        var mark = load.Mark();
        await load.WaitForSuccessesAsync(mark, 50, cluster.Describe);
        await load.StopAsync();

        load.AssertNoFailures(cluster.Describe);
        Assert.All(load.After(mark), s => Assert.Equal(successor, s.MasterPid));
        Assert.NotEqual(master, successor);
        output.WriteLine($"load: {load.Describe()}");
        var end = cluster.Output.Count;
        cluster.SignalMaster(successor, Signum.SIGQUIT);
        await cluster.WaitForLineAsync("closed 0", end, Limits.Restart);
    }
}
