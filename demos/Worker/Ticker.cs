namespace Demo.Worker;

/// <summary>A unit of work every second, in every worker, until the host stops.</summary>
internal sealed class Ticker(ILogger<Ticker> log) : BackgroundService
{
    private readonly string _worker = Environment.GetEnvironmentVariable("CLUSTER_WORKER") ?? "?";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        log.LogInformation("worker {Worker} (pid {Pid}) started", _worker, Environment.ProcessId);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var ticks = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                ticks++;
            }
        }
        catch (OperationCanceledException)
        {
        }

        log.LogInformation("worker {Worker} (pid {Pid}) stopping after {Ticks} ticks", _worker, Environment.ProcessId, ticks);
    }
}
