namespace Cluster.Rx;

/// <summary>A command a plugin offers to control consoles (see <see cref="CommandRegistry"/> and <c>Plugins.Repl</c>).</summary>
/// <param name="Name">What it is called, e.g. <c>spawn</c>.</param>
/// <param name="Parameters">Its parameters as help shows them, e.g. <c>id, signal</c>; empty for none.</param>
/// <param name="Description">One line for help.</param>
/// <param name="Run">
/// Runs it and returns the answer (see <see cref="CommandAnswer.From"/>): a string, a <see cref="System.Text.Json.Nodes.JsonNode"/>,
/// a <see cref="CommandAnswer"/> (text and JSON), another value (shown as its <c>ToString()</c>), or null for none. An
/// <see cref="ArgumentException"/> from it is a bad-arguments answer; the console goes on after any exception.
/// </param>
public sealed record ClusterCommand(string Name, string Parameters, string Description, Func<CommandCall, Task<object?>> Run)
{
    /// <summary>How help shows it: <c>name(parameters)</c>.</summary>
    public string Usage => $"{Name}({Parameters})";
}
