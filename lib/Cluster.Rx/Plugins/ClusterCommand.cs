namespace Cluster.Rx;

/// <summary>A command a plugin offers to control consoles and tools (see <see cref="CommandRegistry"/>).</summary>
/// <param name="Name">What it is called, e.g. <c>spawn</c>.</param>
/// <param name="Description">One line for help.</param>
/// <param name="Run">
/// Runs it with the arguments as given (strings) and returns the answer: a string, or a value the console shows
/// as JSON; null for none. An <see cref="ArgumentException"/> from it is a bad-arguments answer.
/// </param>
public sealed record ClusterCommand(string Name, string Description, Func<IReadOnlyList<string>, CancellationToken, Task<object?>> Run);
