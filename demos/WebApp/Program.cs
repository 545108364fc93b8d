// An ordinary ASP.NET Core app — configuration, a service, routes, a health check — clustered with one call. The
// master binds where the app would listen (Kestrel's default http://localhost:5000 here; `--urls http://127.0.0.1:8080`
// or ASPNETCORE_URLS move it) and every worker serves the whole app from that one socket. The cluster's settings come
// from appsettings.json's "Cluster" section (or Cluster__Workers=4 in the environment); code in RunClusterAsync wins.
// Try: `curl http://127.0.0.1:5000/` (which worker answered), `curl http://127.0.0.1:5000/health`,
// `kill -USR2 <master pid>` (zero-downtime restart), `kill -QUIT <master pid>` (graceful stop).
using Cluster.Rx;
using Cluster.Rx.Http;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton(TimeProvider.System);
var app = builder.Build();

app.MapGet("/", (IConfiguration configuration) =>
    $"{configuration["Greeting"]} from worker {Environment.GetEnvironmentVariable("CLUSTER_WORKER")} (pid {Environment.ProcessId})\n");
app.MapGet("/time", (TimeProvider clock) => clock.GetUtcNow());
app.MapGet("/health", () => Results.Ok("healthy"));

return await app.RunClusterAsync(cluster => cluster
    .Use(Plugins.Stats(connections: true, requests: true))
    .Use(Plugins.Repl("webapp.sock")));
