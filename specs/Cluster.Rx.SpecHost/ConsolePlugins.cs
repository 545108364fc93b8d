using System.Globalization;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;

namespace Cluster.Rx.SpecHost;

/// <summary>
/// The console plugin a spec asks for: <c>REPL_PATH</c> uses <see cref="Plugins.Repl(string)"/> on that Unix socket,
/// <c>REPL_PORT</c> uses <see cref="Plugins.Repl(int, string)"/> on that port (<c>REPL_HOST</c> its host). Either way
/// two commands of the spec's own are defined: <c>mark(text)</c> prints <c>mark TEXT</c> on stdout and answers TEXT
/// (one line per run), and <c>sleep(ms)</c> prints <c>sleeping MS</c>, waits that long on the master's scheduler,
/// prints <c>slept MS CANCELLED</c> (whether its client had gone by then) and answers <c>slept</c>.
/// </summary>
internal static class ConsolePlugins
{
    public static void UseRepl(Master master)
    {
        var path = Environment.GetEnvironmentVariable("REPL_PATH") is { Length: > 0 } p ? p : null;
        var port = Environment.GetEnvironmentVariable("REPL_PORT") is { Length: > 0 } n ? int.Parse(n, CultureInfo.InvariantCulture) : (int?)null;
        if (path is null && port is null)
        {
            return;
        }

        Repl.Define("mark(text)", Mark, "prints 'mark TEXT' on stdout and answers TEXT");
        Repl.Define("sleep(ms)", SleepAsync, "waits ms milliseconds on the master's scheduler, then answers");
        master.Use(path is not null
            ? Plugins.Repl(path)
            : Plugins.Repl(port!.Value, Environment.GetEnvironmentVariable("REPL_HOST") is { Length: > 0 } host ? host : "127.0.0.1"));
    }

    private static object? Mark(CommandCall call)
    {
        var text = call.Text(0, "text");
        Output.Line($"mark {text}");
        return text;
    }

    private static async Task<object?> SleepAsync(CommandCall call)
    {
        var ms = call.Int(0, "ms");
        Output.Line($"sleeping {ms}");
        await Observable.Timer(TimeSpan.FromMilliseconds(ms), call.Context.Scheduler).ToTask().ConfigureAwait(false);
        Output.Line($"slept {ms} {call.Cancellation.IsCancellationRequested}");
        return "slept";
    }
}
