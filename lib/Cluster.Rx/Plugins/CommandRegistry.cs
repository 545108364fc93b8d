namespace Cluster.Rx;

/// <summary>The master's commands, offered by plugins to control consoles and tools; thread-safe.</summary>
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

    /// <summary>Adds a command.</summary>
    /// <exception cref="ArgumentException">The name is empty, has characters other than letters, digits, '-' and '_', or is taken.</exception>
    public void Define(string name, string description, Func<IReadOnlyList<string>, CancellationToken, Task<object?>> run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(run);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"command name '{name}' may only have letters, digits, '-' and '_'", nameof(name));
        }

        lock (_gate)
        {
            if (!_commands.TryAdd(name, new ClusterCommand(name, description, run)))
            {
                throw new ArgumentException($"a command named '{name}' is defined already; choose another name", nameof(name));
            }
        }
    }

    /// <summary>The command named <paramref name="name"/>, or null.</summary>
    public ClusterCommand? Find(string name)
    {
        lock (_gate)
        {
            return _commands.GetValueOrDefault(name);
        }
    }
}
