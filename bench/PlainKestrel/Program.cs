// One plain Kestrel process serving exactly what each worker of demos/Hello serves, built the same way
// (WebApplication.CreateSlimBuilder, logging at Warning, no HTTPS): the baseline bench/http.sh compares with.
// Environment: PORT (3000). Prints "listening on 127.0.0.1:PORT" once it accepts.
var port = int.TryParse(Environment.GetEnvironmentVariable("PORT"), out var p) ? p : 3000;
var pid = Environment.ProcessId.ToString();

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");

var app = builder.Build();
app.Run(context =>
{
    context.Response.Headers["X-Worker-Pid"] = pid;
    return context.Response.WriteAsync("Hello World");
});
app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"listening on 127.0.0.1:{port} (pid {pid})"));

await app.RunAsync();
