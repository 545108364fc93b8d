// An abstract cluster: no server, the workers run jobs. A graceful stop (`kill -QUIT <master pid>`, or
// Ctrl+\ in the terminal) lets every worker finish the job it is on before it exits; the master exits
// after the last one. Environment: WORKERS (2), JOB_MS (how long a job takes, 1500).
using Cluster.Rx;

var workers = int.TryParse(Environment.GetEnvironmentVariable("WORKERS"), out var w) ? w : 2;
var jobTime = TimeSpan.FromMilliseconds(int.TryParse(Environment.GetEnvironmentVariable("JOB_MS"), out var ms) ? ms : 1500);

var cluster = Master.Create()
    .Set("workers", workers)
    .Set("timeout", 10_000)
    .Start();

if (cluster.IsMaster)
{
    cluster.WorkerConnected.Subscribe(e => Console.WriteLine($"master: worker {e.Id} (pid {e.Pid}) started"));
    cluster.Closing.Subscribe(_ => Console.WriteLine("master: stopping; workers finish their current job"));
    cluster.Closed.Subscribe(e => Console.WriteLine($"master: all workers done, exit code {e.ExitCode}"));
    return await cluster.RunAsync();
}

// In a worker: RunAsync connects to the master and completes when the master asks this worker to stop.
var stopped = cluster.RunAsync();
var job = 0;
while (!cluster.Stopping.IsCancellationRequested)
{
    job++;
    Console.WriteLine($"worker {cluster.WorkerId}: job {job} started");
    await Task.Delay(jobTime); // the job itself: deliberately not cancelled, a started job runs to its end
    Console.WriteLine($"worker {cluster.WorkerId}: job {job} done");
}

return await stopped;
