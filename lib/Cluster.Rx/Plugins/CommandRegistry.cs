namespace Cluster.Rx;

/// <summary>The master's commands, offered by plugins to control consoles (<c>Plugins.Repl</c>); thread-safe.</summary>
public sealed class CommandRegistry
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, ClusterCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>Every command, by name.</summary>
    public IReadOnlyList<ClusterCommand> Commands
    {
        get
        {
            lock (_gate)
            {
                return [.. _commands.Values];
            }
        }
    }

    /// <summary>Adds a command that answers synchronously (see <see cref="Define(string, Func{CommandCall, Task{object}}, string)"/>).</summary>
    public ClusterCommand Define(string signature, Func<CommandCall, object?> run, string description)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Define(signature, call => Task.FromResult(run(call)), description);
    }

    /// <summary>Adds a command.</summary>
    /// <param name="signature">Its name, optionally with its parameters as help shows them: <c>greet</c> or <c>greet(who, times)</c>.</param>
    /// <param name="run">Runs it; see <see cref="ClusterCommand.Run"/> for what it may answer.</param>
    /// <param name="description">One line for help.</param>
    /// <returns>The command.</returns>
    /// <exception cref="ArgumentException">
    /// The name is empty, has characters other than letters, digits, '-' and '_', or is taken.
    /// </exception>
    public ClusterCommand Define(string signature, Func<CommandCall, Task<object?>> run, string description)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(description);
        var command = Parse(signature, run, description);
        lock (_gate)
        {
            if (!_commands.TryAdd(command.Name, command))
            {
                throw new ArgumentException($"a command named '{command.Name}' is defined already; choose another name", nameof(signature));
            }
        }

        return command;
    }

    /// <summary>The command named <paramref name="name"/>, or null.</summary>
    public ClusterCommand? Find(string name)
    {
        lock (_gate)
        {
            return _commands.GetValueOrDefault(name);
        }
    }

    /// <summary>A command from its signature (<c>name</c> or <c>name(parameters)</c>).</summary>
    /// <exception cref="ArgumentException">The signature is malformed or the name has characters other than letters, digits, '-' and '_'.</exception>
    internal static ClusterCommand Parse(string signature, Func<CommandCall, Task<object?>> run, string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signature);
        var open = signature.IndexOf('(', StringComparison.Ordinal);
        var name = (open < 0 ? signature : signature[..open]).Trim();
        var parameters = string.Empty;
        if (open >= 0)
        {
            if (!signature.EndsWith(')'))
            {
                throw new ArgumentException($"command signature '{signature}' opens '(' but does not end with ')'; write name or name(parameters)", nameof(signature));
            }

            parameters = string.Join(", ", signature[(open + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"command name '{name}' may only have letters, digits, '-' and '_'", nameof(signature));
        }

        return new ClusterCommand(name, parameters, description, run);
    }
}
