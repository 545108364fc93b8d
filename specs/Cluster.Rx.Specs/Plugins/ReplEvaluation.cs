using System.Text.Json.Nodes;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs;

/// <summary>Helpers for console specs on virtual time.</summary>
internal static class ReplEvaluation
{
    /// <summary>Evaluates <paramref name="line"/> and runs the master's loop until it has answered.</summary>
    public static Task<string> EvaluateOnLoopAsync(this ReplConsole console, TestScheduler scheduler, string line)
    {
        var reply = console.EvaluateAsync(line);
        scheduler.AdvanceBy(1);
        return Answered(reply);
    }

    /// <summary>The reply, once it has come (bounded).</summary>
    public static Task<string> Answered(Task<string> reply) => reply.WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>A JSON reply, checked to be one line of its own, parsed.</summary>
    public static JsonNode JsonLine(string reply)
    {
        Assert.StartsWith("\n{", reply);
        Assert.EndsWith("}\n", reply);
        Assert.Equal(2, reply.Count(c => c == '\n'));
        return JsonNode.Parse(reply)!;
    }
}
