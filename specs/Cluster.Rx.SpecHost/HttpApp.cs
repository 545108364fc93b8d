using System.Globalization;
using Microsoft.AspNetCore.Http;
using Mono.Unix.Native;

namespace Cluster.Rx.SpecHost;

/// <summary>
/// The workers' HTTP app. Every answer carries the worker's pid and id (headers <c>X-Worker-Pid</c>,
/// <c>X-Worker-Id</c>, and the body <c>pid=P id=I cwd=DIR</c>) so the specs can tell workers apart, and the pid of
/// the worker's master (its parent; header <c>X-Master-Pid</c>) so they can tell masters apart across a restart.
/// <list type="bullet">
/// <item><c>/slow?ms=N</c> prints <c>slow ID PID N</c> when it starts, then answers after N ms.</item>
/// <item><c>/throw</c> answers, then throws <c>InvalidOperationException("boom")</c> on a thread of its own (unhandled: the worker dies).</item>
/// <item><c>/hang</c> answers, then starts a foreground thread that never ends: the worker can no longer exit on its own.</item>
/// <item><c>/starve</c> answers, then blocks every thread of the worker's thread pool (see <see cref="HeartbeatSettings.StarvePool"/>).</item>
/// <item><c>/log?line=TEXT</c> prints <c>out TEXT</c> on stdout and <c>err TEXT</c> on stderr, then answers.</item>
/// <item>anything else answers at once.</item>
/// </list>
/// With <c>ACCESS_LOG=1</c>, every request also prints an access line on stdout: <c>access ID METHOD PATH?QUERY</c>.
/// </summary>
internal static class HttpApp
{
    private static readonly bool AccessLog = Environment.GetEnvironmentVariable("ACCESS_LOG") == "1";

    public static async Task HandleAsync(HttpContext context)
    {
        // Read per request: a promoted standby takes a dead worker's id (CLUSTER_WORKER changes at promotion).
        var workerId = Environment.GetEnvironmentVariable("CLUSTER_WORKER") ?? "?";
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-Worker-Pid"] = pid;
        context.Response.Headers["X-Worker-Id"] = workerId;
        context.Response.Headers["X-Master-Pid"] = Syscall.getppid().ToString(CultureInfo.InvariantCulture);
        var body = $"pid={pid} id={workerId} cwd={Environment.CurrentDirectory}";
        if (AccessLog)
        {
            Output.Line($"access {workerId} {context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
        }

        switch (context.Request.Path.Value)
        {
            case "/slow":
                var ms = int.TryParse(context.Request.Query["ms"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var given) ? given : 1000;
                Output.Line($"slow {workerId} {pid} {ms}");
                await Task.Delay(ms);
                await context.Response.WriteAsync(body);
                break;
            case "/throw":
                await context.Response.WriteAsync(body);
                await context.Response.CompleteAsync();
                new Thread(() => throw new InvalidOperationException("boom")) { IsBackground = true }.Start();
                break;
            case "/starve":
                await context.Response.WriteAsync(body);
                await context.Response.CompleteAsync();
                HeartbeatSettings.StarvePool();
                break;
            case "/log":
                var line = context.Request.Query["line"].ToString();
                Output.Line($"out {line}");
                Output.ErrorLine($"err {line}");
                await context.Response.WriteAsync(body);
                break;
            case "/hang":
                new Thread(() => Thread.Sleep(Timeout.Infinite)) { IsBackground = false, Name = "hang" }.Start();
                Output.Line($"hang {workerId} {pid}");
                await context.Response.WriteAsync(body);
                break;
            default:
                await context.Response.WriteAsync(body);
                break;
        }
    }
}
