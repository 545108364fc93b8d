// A clustered TCP echo server: every worker accepts from the one socket the master bound, and echoes each
// connection's bytes back through System.IO.Pipelines. Try: `nc 127.0.0.1 7000`.
using Cluster.Rx;

var port = int.TryParse(Environment.GetEnvironmentVariable("PORT"), out var p) ? p : 7000;

var cluster = Master.Create(() => TcpServer.Create(async connection =>
    {
        // Copy whatever arrives straight back until the client closes its side.
        await connection.Input.CopyToAsync(connection.Output);
    }))
    .Set("workers", 2)
    .Listen(port, "127.0.0.1");

cluster.Listening.Subscribe(e => Console.WriteLine($"echo listening on {e.EndPoint}"));
cluster.WorkerConnected.Subscribe(w => Console.WriteLine($"worker {w.Id} (pid {w.Pid}) serving"));
cluster.WorkerKilled.Subscribe(w => Console.WriteLine($"worker {w.Id} died with exit code {w.ExitCode}"));

return await cluster.RunAsync();
