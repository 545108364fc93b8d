using Cluster.Rx.ProcessSpecs.Harness;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs;

/// <summary>Plugins.Debug with real processes: event lines on the master's stderr, never with colour codes into a pipe.</summary>
public sealed class PluginsDebugSpecs
{
    [Theory]
    [InlineData("nocolor")]
    [InlineData("1")]
    public async Task Debug_StderrRedirected_LevelDashTextLines_WithoutAnsiCodes(string setting)
    {
        using var cluster = ClusterProcess.Start(["http"], new() { ["WORKERS"] = "2", ["DEBUG_PLUGIN"] = setting });
        var port = await cluster.PortAsync();
        await cluster.WorkersAsync(2);

        await cluster.WaitForErrorAsync("debug - master started");
        await cluster.WaitForErrorAsync($"info - listening on 127\\.0\\.0\\.1:{port}");
        await cluster.WaitForErrorAsync("info - worker 0 spawned");
        await cluster.WaitForErrorAsync("info - worker 1 connected");
        cluster.SignalMaster(Signum.SIGQUIT);
        Assert.Equal(0, await cluster.ExitCodeAsync());
        await cluster.WaitForErrorAsync("warning - shutting down");
        await cluster.WaitForErrorAsync("info - shutdown complete");
        Assert.DoesNotContain(cluster.Errors.Lines(), l => l.Contains('\u001b'));
    }
}
