using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Cluster.Rx;

/// <summary>
/// The console's own commands, as the original's: <c>help()</c>, <c>spawn(n)</c>, <c>pids()</c>,
/// <c>kill(id, signal)</c>, <c>shutdown()</c>, <c>stop()</c>, <c>restart()</c>, <c>echo(msg)</c>. Each acts on the
/// call's context and answers text and JSON; bad arguments are an <see cref="ArgumentException"/>.
/// </summary>
internal static class ReplBuiltins
{
    /// <summary>Their names, in the order help lists them.</summary>
    public static readonly IReadOnlyList<string> Names = ["help", "spawn", "pids", "kill", "shutdown", "stop", "restart", "echo"];

    /// <summary>True for a name no other command may take: a built-in's, or <c>json</c>.</summary>
    public static bool IsReserved(string name) => name == ReplSyntax.JsonPrefix || Names.Contains(name, StringComparer.Ordinal);

    /// <summary>The built-ins; <paramref name="everything"/> gives what <c>help()</c> lists.</summary>
    public static IReadOnlyList<ClusterCommand> Create(Func<IReadOnlyList<ClusterCommand>> everything) =>
    [
        Command("help()", _ => ReplHelp.Of(everything()), "lists the commands"),
        Command("spawn(n)", Spawn, "starts n more workers; a negative n stops -n of them gracefully"),
        Command("pids()", Pids, "the pids of the master and of every worker"),
        Command("kill(id, signal)", Kill, "sends signal (default SIGTERM) to worker id; the master replaces it"),
        Command("shutdown()", Shutdown, "graceful shutdown: the workers finish their requests, then the master exits"),
        Command("stop()", Stop, "hard shutdown: the workers are killed and the master exits at once"),
        Command("restart()", Restart, "zero-downtime restart: a new master takes over once its workers serve"),
        Command("echo(msg)", Echo, "answers msg"),
    ];

    private static ClusterCommand Command(string signature, Func<CommandCall, CommandAnswer> run, string description) =>
        CommandRegistry.Parse(signature, call => Task.FromResult<object?>(run(call)), description);

    private static CommandAnswer Spawn(CommandCall call)
    {
        TakesAtMost(call, 1);
        var n = call.Int(0, "n");
        if (n == 0)
        {
            throw new ArgumentException("n must not be 0: spawn(2) starts two more workers, spawn(-2) stops two", "n");
        }

        Active(call, "starts no workers");
        if (n > 0)
        {
            call.Context.Spawn(n);
            return new($"spawning {Workers(n)}", new JsonObject { ["spawning"] = n });
        }

        call.Context.Remove(-n);
        return new($"stopping {Workers(-n)} gracefully", new JsonObject { ["removing"] = -n });
    }

    private static CommandAnswer Pids(CommandCall call)
    {
        TakesAtMost(call, 0);
        var master = Environment.ProcessId;
        var text = new StringBuilder($"master: {Format(master)}");
        var workers = new JsonArray();
        foreach (var worker in call.Context.Workers.OrderBy(w => w.Id))
        {
            text.Append($"\nworker {Format(worker.Id)}: {Format(worker.Pid)}");
            workers.Add((JsonNode)new JsonObject { ["id"] = worker.Id, ["pid"] = worker.Pid });
        }

        return new(text.ToString(), new JsonObject { ["master"] = master, ["workers"] = workers });
    }

    private static CommandAnswer Kill(CommandCall call)
    {
        TakesAtMost(call, 2);
        var id = call.Int(0, "id");
        var signal = call.Signal(1, "signal", Signal.SIGTERM);
        var worker = call.Context.Workers.FirstOrDefault(w => w.Id == id);
        if (worker is null || !call.Context.KillWorker(id, signal))
        {
            throw new ArgumentException($"invalid worker id: no worker {Format(id)} serves; pids() lists them", nameof(id));
        }

        return new(
            $"sent {signal} to worker {Format(id)} (pid {Format(worker.Pid)})",
            new JsonObject { ["id"] = id, ["pid"] = worker.Pid, ["signal"] = signal.ToString() });
    }

    private static CommandAnswer Shutdown(CommandCall call)
    {
        TakesAtMost(call, 0);
        if (call.Context.State != MasterState.Active)
        {
            return new("the master is shutting down already", new JsonObject { ["shutdown"] = Kind(call.Context.State) });
        }

        call.Context.Close();
        return new("shutting down gracefully: the workers finish their requests, then the master exits", new JsonObject { ["shutdown"] = "graceful" });
    }

    private static CommandAnswer Stop(CommandCall call)
    {
        TakesAtMost(call, 0);
        if (call.Context.State == MasterState.HardShutdown)
        {
            return new("the master is stopping already", new JsonObject { ["shutdown"] = "hard" });
        }

        call.Context.Destroy();
        return new("stopping: the workers are killed and the master exits", new JsonObject { ["shutdown"] = "hard" });
    }

    private static CommandAnswer Restart(CommandCall call)
    {
        TakesAtMost(call, 0);
        Active(call, "cannot restart");
        call.Context.Restart();
        return new("restarting: a new master starts and takes over once its workers serve; this one then exits", new JsonObject { ["restarting"] = true });
    }

    private static CommandAnswer Echo(CommandCall call)
    {
        // Every argument, so that `echo hello world` answers as `echo("hello world")` does.
        var message = string.Join(' ', call.Arguments);
        return new(message, JsonValue.Create(message));
    }

    private static void TakesAtMost(CommandCall call, int count)
    {
        if (call.Arguments.Count > count)
        {
            throw new ArgumentException(count switch
            {
                0 => $"takes no arguments, not {Format(call.Arguments.Count)}",
                1 => $"takes 1 argument, not {Format(call.Arguments.Count)}",
                _ => $"takes at most {Format(count)} arguments, not {Format(call.Arguments.Count)}",
            });
        }
    }

    private static void Active(CommandCall call, string what)
    {
        if (call.Context.State != MasterState.Active)
        {
            throw new InvalidOperationException($"the master is shutting down and {what}");
        }
    }

    private static string Kind(MasterState state) => state == MasterState.HardShutdown ? "hard" : "graceful";

    private static string Workers(int count) => count == 1 ? "1 worker" : $"{Format(count)} workers";

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
