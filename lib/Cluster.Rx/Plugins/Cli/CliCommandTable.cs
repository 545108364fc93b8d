namespace Cluster.Rx;

/// <summary>
/// The commands of <see cref="Plugins.Cli"/>, built-in ones first, then the defined ones in the order given; matches
/// the program's arguments against their flags. Thread-safe.
/// </summary>
internal sealed class CliCommandTable
{
    private readonly Lock _gate = new();
    private readonly List<CliCommand> _commands;

    /// <summary>A table with the built-in commands (<see cref="BuiltInCommands.All"/>).</summary>
    public CliCommandTable()
        : this(BuiltInCommands.All)
    {
    }

    /// <summary>A table with <paramref name="commands"/> to begin with.</summary>
    public CliCommandTable(IEnumerable<CliCommand> commands) => _commands = [.. commands];

    /// <summary>Every command, in order.</summary>
    public IReadOnlyList<CliCommand> Commands
    {
        get
        {
            lock (_gate)
            {
                return [.. _commands];
            }
        }
    }

    /// <summary>Adds a command after the others.</summary>
    /// <exception cref="ArgumentException">The flags are malformed (see <see cref="CliFlags.Parse"/>) or one is taken by another command.</exception>
    public CliCommand Define(string flags, Func<CliContext, Task<int>> run, string description)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(description);
        var command = new CliCommand(CliFlags.Parse(flags), description, run);
        lock (_gate)
        {
            foreach (var flag in command.Flags)
            {
                if (Find(flag) is { } taken)
                {
                    throw new ArgumentException(
                        $"flag '{flag}' is taken by the {(taken.BuiltIn ? "built-in " : string.Empty)}command '{taken.Name}' ({taken.Usage}); choose another",
                        nameof(flags));
                }
            }

            _commands.Add(command);
        }

        return command;
    }

    /// <summary>
    /// The command of the first argument that is one of the commands' flags (compared exactly, case and dashes
    /// included); null when none is, so the program starts the cluster. Arguments after <c>--</c> are never commands.
    /// </summary>
    public CliCommand? Match(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        lock (_gate)
        {
            foreach (var argument in arguments.TakeWhile(a => a != "--"))
            {
                if (Find(argument) is { } command)
                {
                    return command;
                }
            }

            return null;
        }
    }

    private CliCommand? Find(string flag) => _commands.FirstOrDefault(c => c.Flags.Contains(flag, StringComparer.Ordinal));
}
