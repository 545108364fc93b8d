// A Generic Host worker service clustered with one call: the master starts 2 workers and keeps them running; each
// worker runs the host — here a BackgroundService that does a unit of work every second — and a graceful stop
// (`kill -QUIT <master pid>`, or the workers rolled by `kill -USR2 <master pid>`) is the host's normal shutdown:
// the service's stoppingToken is cancelled and it finishes its current unit within the cluster's timeout.
// Settings come from appsettings.json's "Cluster" section (or Cluster__Workers=4 in the environment).
using Cluster.Rx;
using Cluster.Rx.Hosting;
using Demo.Worker;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddHostedService<Ticker>();
var host = builder.Build();

return await host.RunClusterAsync(cluster => cluster
    .Use(Plugins.PidFiles("pids")));
