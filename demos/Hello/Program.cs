// A clustered "Hello World" over Kestrel: the master binds the port once and every worker serves from that
// one socket. Try: `curl -i http://127.0.0.1:3000/` (X-Worker-Pid tells which worker answered), then
// `kill -QUIT <master pid>` for a graceful stop, `kill -USR2 <master pid>` for a zero-downtime restart (a new
// master takes over the socket; it counts its generation through the restart snapshot; if the new build cannot
// start, this master says why and goes on serving), or kill a worker and watch it come back with the same id.
// Plugins: in Production (the default) the workers' stdout and stderr go to logs/workers.access.log and
// logs/workers.error.log and the master's events to logs/master.log (`kill -USR1 <master pid>` reopens them after
// logrotate moved them), and pids/master.pid names the master; with DOTNET_ENVIRONMENT=Development, a debug trace on
// stderr instead, and a rebuild (`dotnet build demos/Hello`) rolls the workers. Both directories are under the
// program's directory (bin/…), the default working directory.
// The control plane: a console on the Unix socket hello.sock in that directory (`nc -U hello.sock`, then `help()`,
// `pids()`, `stats()`, `spawn(1)`, `kill(0)`, `shutdown()`, …), fed by Plugins.Stats(connections: true, requests:
// true) — each worker counts its connections and requests and reports its totals in batches; STATS=0 leaves Stats
// out, for bench/http.sh — and in Production the program is its own control tool: `dotnet Hello.dll status`,
// `restart`, `shutdown`, `stop`, `--help`.
// Environment: PORT (3000), HOST (127.0.0.1), WORKERS (one per processor), STANDBY (0: hot standbys, started and
// connected but not accepting, each ready to take a dead worker's place at once), DOTNET_ENVIRONMENT, STATS (1; 0 = off),
// HEARTBEAT_TIMEOUT (ms: 'heartbeat timeout', a worker silent that long is killed as hung and replaced; 60000 by
// default, off in Development; 0 = off; bench/heartbeat.sh uses 3000),
// SPAWN_CONCURRENCY (workers starting at once; 0 = all at once; for bench/spawn-scale.sh).
using Cluster.Rx;
using Cluster.Rx.Http;

var port = int.TryParse(Environment.GetEnvironmentVariable("PORT"), out var p) ? p : 3000;
var host = Environment.GetEnvironmentVariable("HOST") ?? "127.0.0.1";
var workers = int.TryParse(Environment.GetEnvironmentVariable("WORKERS"), out var w) ? w : Environment.ProcessorCount;
var standby = int.TryParse(Environment.GetEnvironmentVariable("STANDBY"), out var s) ? s : 0;
var pid = Environment.ProcessId.ToString();

var master = Master.Create(() => HttpServer.Create(context =>
    {
        context.Response.Headers["X-Worker-Pid"] = pid;
        return context.Response.WriteAsync("Hello World");
    }))
    .Set("workers", workers)
    .Set("standby", standby)
    .Set("timeout", 10_000)
    .In("development").Use(Plugins.Debug()).Use(Plugins.Reload())
    .In("production").Use(Plugins.Logger("logs")).Use(Plugins.PidFiles("pids")).Use(Plugins.Cli())
    .In("all").Use(Plugins.Repl("hello.sock"))
    .Listen(port, host);
if (int.TryParse(Environment.GetEnvironmentVariable("HEARTBEAT_TIMEOUT"), out var heartbeatTimeout))
{
    master.Set("heartbeat timeout", heartbeatTimeout);
}

if (int.TryParse(Environment.GetEnvironmentVariable("SPAWN_CONCURRENCY"), out var spawnConcurrency))
{
    master.Set("spawn concurrency", spawnConcurrency);
}

if (Environment.GetEnvironmentVariable("STATS") != "0")
{
    master.Use(Plugins.Stats(connections: true, requests: true));
}

master.Listening.Subscribe(e => Console.WriteLine($"listening on {e.EndPoint} (master pid {Environment.ProcessId})"));
master.WorkerConnected.Subscribe(e => Console.WriteLine($"worker {e.Id} (pid {e.Pid}) serving"));
master.WorkerKilled.Subscribe(e => Console.WriteLine($"worker {e.Id} (pid {e.Pid}) died, exit code {e.ExitCode}"));
master.WorkerHung.Subscribe(e => Console.WriteLine($"worker {e.Id} (pid {e.Pid}) hung: silent for {e.Silence.TotalMilliseconds:0} ms, killed"));
var generation = 1;
master.Restarting.Subscribe(e => e.Snapshot["generation"] = generation);
master.Restarted.Subscribe(e =>
{
    generation = (int?)e.Snapshot["generation"] + 1 ?? 1;
    Console.WriteLine($"took over from master pid {e.PreviousMasterPid}: generation {generation}");
});
master.RestartFailed.Subscribe(e => Console.WriteLine($"restart failed, still serving: {e.Reason}"));
master.Closing.Subscribe(e => Console.WriteLine($"shutting down: {e.State}"));

return await master.RunAsync();
