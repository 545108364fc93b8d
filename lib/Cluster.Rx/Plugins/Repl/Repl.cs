namespace Cluster.Rx;

/// <summary>
/// Commands of your own for the console of <c>Plugins.Repl</c>, beside its built-ins and the
/// plugins' commands. Define them before the master runs (in <c>Program.cs</c>, say); each console of the process
/// serves them. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// Repl.Define("greet(who)", call => $"hello {call.Text(0, "who", "world")}", "says hello");
/// Repl.Define("drain(id)", async call =>
/// {
///     await queue.DrainAsync(call.Int(0, "id"), call.Cancellation);
///     return "drained";
/// }, "drains a queue");
/// </code>
/// </example>
public static class Repl
{
    /// <summary>The commands defined so far.</summary>
    internal static CommandRegistry Commands { get; } = new();

    /// <summary>Adds a command that answers at once; see <see cref="Define(string, Func{CommandCall, Task{object}}, string)"/>.</summary>
    /// <param name="signature">Its name, optionally with its parameters as help shows them: <c>greet</c> or <c>greet(who)</c>.</param>
    /// <param name="run">Runs it on the master's event loop; must not block (return a task for slow work).</param>
    /// <param name="description">One line for <c>help()</c>.</param>
    /// <returns>The command.</returns>
    /// <exception cref="ArgumentException">The name is malformed, is a built-in's (or <c>json</c>), or is defined already.</exception>
    public static ClusterCommand Define(string signature, Func<CommandCall, object?> run, string description)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Define(signature, call => Task.FromResult(run(call)), description);
    }

    /// <summary>Adds a command, written <c>name(args)</c> or <c>name args</c> in the console.</summary>
    /// <param name="signature">Its name, optionally with its parameters as help shows them: <c>greet</c> or <c>greet(who)</c>.</param>
    /// <param name="run">
    /// Runs it, started on the master's event loop (so it reads plugin state without locks; it must not block it):
    /// reads its arguments with <see cref="CommandCall.Text"/>, <see cref="CommandCall.Int"/> and
    /// <see cref="CommandCall.Signal"/>, and answers as <see cref="CommandAnswer.From"/> takes it. An
    /// <see cref="ArgumentException"/> is answered as bad arguments, any other exception as a failure; the console
    /// goes on either way. <see cref="CommandCall.Cancellation"/> is cancelled when the client has gone.
    /// </param>
    /// <param name="description">One line for <c>help()</c>.</param>
    /// <returns>The command.</returns>
    /// <exception cref="ArgumentException">The name is malformed, is a built-in's (or <c>json</c>), or is defined already.</exception>
    public static ClusterCommand Define(string signature, Func<CommandCall, Task<object?>> run, string description)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(description);
        var name = CommandRegistry.Parse(signature, run, description).Name;
        if (ReplBuiltins.IsReserved(name))
        {
            throw new ArgumentException(
                $"'{name}' is a built-in of the console ({string.Join(", ", ReplBuiltins.Names)}, and the json prefix); choose another name",
                nameof(signature));
        }

        return Commands.Define(signature, run, description);
    }
}
