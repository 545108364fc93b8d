using System.Globalization;

namespace Cluster.Rx;

/// <summary>
/// One call of a <see cref="ClusterCommand"/>: the master it acts on, the arguments as written (strings, quotes
/// removed) and a token cancelled when the caller has gone. The argument readers throw an
/// <see cref="ArgumentException"/> that says what was wrong, which a console shows as a bad-arguments answer.
/// </summary>
public sealed class CommandCall
{
    /// <summary>Creates a call.</summary>
    /// <param name="context">The master the command acts on (a plugin's context).</param>
    /// <param name="arguments">The arguments as written.</param>
    /// <param name="cancellation">Cancelled when the caller has gone (a console client disconnected).</param>
    public CommandCall(IPluginContext context, IReadOnlyList<string> arguments, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        Context = context;
        Arguments = arguments;
        Cancellation = cancellation;
    }

    /// <summary>The master the command acts on: its workers, state, operations and commands.</summary>
    public IPluginContext Context { get; }

    /// <summary>The arguments as written, quotes removed.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Cancelled when the caller has gone.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>Argument <paramref name="index"/> as text, or <paramref name="fallback"/> when it was not given.</summary>
    /// <exception cref="ArgumentException">It was not given and there is no fallback.</exception>
    public string Text(int index, string name, string? fallback = null) =>
        index < Arguments.Count ? Arguments[index] : fallback ?? throw Missing(name);

    /// <summary>Argument <paramref name="index"/> as a whole number, or <paramref name="fallback"/> when it was not given.</summary>
    /// <exception cref="ArgumentException">It is not a whole number, or was not given and there is no fallback.</exception>
    public int Int(int index, string name, int? fallback = null)
    {
        if (index >= Arguments.Count)
        {
            return fallback ?? throw Missing(name);
        }

        return int.TryParse(Arguments[index], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{name} must be a whole number, not '{Arguments[index]}'", name);
    }

    /// <summary>
    /// Argument <paramref name="index"/> as a signal — a name with or without <c>SIG</c> (<c>SIGTERM</c>, <c>term</c>)
    /// or a number — or <paramref name="fallback"/> when it was not given.
    /// </summary>
    /// <exception cref="ArgumentException">It names no signal.</exception>
    public Signal Signal(int index, string name, Signal fallback)
    {
        if (index >= Arguments.Count)
        {
            return fallback;
        }

        var text = Arguments[index].Trim().ToUpperInvariant();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && Enum.IsDefined((Signal)number))
        {
            return (Signal)number;
        }

        var full = text.StartsWith("SIG", StringComparison.Ordinal) ? text : "SIG" + text;
        return Enum.GetNames<Signal>().Contains(full, StringComparer.Ordinal)
            ? Enum.Parse<Signal>(full)
            : throw new ArgumentException(
                $"{name} must be a signal, not '{Arguments[index]}'; one of {string.Join(", ", Enum.GetNames<Signal>())}",
                name);
    }

    private static ArgumentException Missing(string name) => new($"{name} is missing", name);
}
