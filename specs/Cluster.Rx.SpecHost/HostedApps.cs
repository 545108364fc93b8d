using System.Globalization;
using Cluster.Rx.Hosting;
using Cluster.Rx.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cluster.Rx.SpecHost;

/// <summary>
/// The scenarios of apps written the .NET way and clustered with one call, the rest of the command line being the
/// app's own arguments (<c>--urls</c>, <c>--Cluster:Workers=3</c>):
/// <list type="bullet">
/// <item><c>webapp</c>: a <see cref="WebApplication"/> from <c>WebApplication.CreateBuilder</c>, clustered with
/// <c>app.RunClusterAsync</c>; <c>GET /greeting</c> answers <c>pid=P id=I greeting=G</c> (G from the configuration key
/// <c>Greeting</c>, so <c>Greeting=…</c> in the environment), every other path is the <see cref="HttpApp"/>.</item>
/// <item><c>service</c>: a Generic Host with a <see cref="Beacon"/>, clustered with <c>host.RunClusterAsync</c>.</item>
/// </list>
/// The settings come from configuration (<c>Cluster__Workers</c>, …) and, in code, from <c>CODE_WORKERS</c> and
/// <c>CODE_PORT</c> (<c>Listen(port, "127.0.0.1")</c>), and <see cref="RecycleSettings"/>; <c>SOCKET_PATH</c> as in every scenario. <c>WEBAPP_BUILDER=slim</c>
/// builds the app with <c>CreateSlimBuilder</c>, <c>slim-use</c> too but with <c>builder.WebHost.UseCluster()</c>. The master prints its
/// events as <see cref="EventLines"/>.
/// </summary>
internal static class HostedApps
{
    public static bool Handles(string scenario) => scenario is "webapp" or "service";

    public static Task<int> RunAsync(string[] args) => args[0] == "webapp" ? WebAppAsync(args[1..]) : ServiceAsync(args[1..]);

    private static Task<int> WebAppAsync(string[] args)
    {
        var builder = Environment.GetEnvironmentVariable("WEBAPP_BUILDER") switch
        {
            "slim" => WebApplication.CreateSlimBuilder(args),
            "slim-use" => WebApplication.CreateSlimBuilder(args),
            _ => WebApplication.CreateBuilder(args),
        };
        if (Environment.GetEnvironmentVariable("WEBAPP_BUILDER") == "slim-use")
        {
            builder.WebHost.UseCluster();
        }

        var app = builder.Build();
        app.MapGet("/greeting", (IConfiguration configuration) =>
            $"pid={Environment.ProcessId} id={Environment.GetEnvironmentVariable("CLUSTER_WORKER")} greeting={configuration["Greeting"]}");
        app.MapFallback(HttpApp.HandleAsync);
        return app.RunClusterAsync(Configure);
    }

    private static Task<int> ServiceAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddHostedService<Beacon>();
        var host = builder.Build();
        return host.RunClusterAsync(Configure);
    }

    private static void Configure(Master master)
    {
        if (Number("CODE_WORKERS") is int workers)
        {
            master.Set("workers", workers);
        }

        if (Environment.GetEnvironmentVariable("SOCKET_PATH") is { Length: > 0 } socketPath)
        {
            master.Set("socket path", socketPath);
        }

        if (Number("CODE_PORT") is int port)
        {
            master.Listen(port, "127.0.0.1");
        }

        RecycleSettings.Apply(master);

        if (master.IsMaster)
        {
            EventLines.Attach(master);
            ParentWatch.Start(master);
        }
    }

    private static int? Number(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;
}
