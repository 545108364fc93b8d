using Microsoft.Extensions.Hosting;

namespace Cluster.Rx.SpecHost;

/// <summary>
/// The <c>service</c> scenario's hosted service: prints <c>service started ID PID</c> when its worker's host starts it
/// and <c>service stopped ID PID</c> when the host stops it. With <c>STOP_ITSELF=1</c> it stops its host once started
/// (as a failed background service does), in every worker.
/// </summary>
internal sealed class Beacon(IHostApplicationLifetime lifetime) : BackgroundService
{
    private static readonly string Id = Environment.GetEnvironmentVariable("CLUSTER_WORKER") ?? "?";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Output.Line($"service started {Id} {Environment.ProcessId}");
        if (Environment.GetEnvironmentVariable("STOP_ITSELF") == "1")
        {
            lifetime.StopApplication();
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            Output.Line($"service stopped {Id} {Environment.ProcessId}");
        }
    }
}
