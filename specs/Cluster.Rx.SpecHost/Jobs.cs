using System.Globalization;

namespace Cluster.Rx.SpecHost;

/// <summary>
/// An abstract cluster's worker: runs jobs of <c>JOB_MS</c> ms one after another, printing
/// <c>job start ID N</c> and <c>job done ID N</c>, until the master tells it to stop (<see cref="Master.Stopping"/>);
/// the job under way then finishes, and the worker prints <c>worker exit ID CODE</c>.
/// </summary>
internal static class Jobs
{
    public static async Task<int> RunAsync(Master master)
    {
        var id = master.WorkerId ?? -1;
        var jobMs = int.TryParse(Environment.GetEnvironmentVariable("JOB_MS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? ms : 1000;
        var run = master.RunAsync();
        var job = 0;
        while (!master.Stopping.IsCancellationRequested && !run.IsCompleted)
        {
            job++;
            Output.Line($"job start {id} {job}");

            // The job's own work; deliberately not cancelled by Stopping, so a graceful stop lets it finish.
            await Task.Delay(jobMs);
            Output.Line($"job done {id} {job}");
        }

        var code = await run;
        Output.Line($"worker exit {id} {code}");
        return code;
    }
}
