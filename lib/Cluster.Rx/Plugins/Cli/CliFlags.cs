namespace Cluster.Rx;

/// <summary>Reads the flags of a <see cref="CliCommand"/> from one string, such as <c>"-v, --version, version"</c>.</summary>
internal static class CliFlags
{
    /// <summary>The flags in <paramref name="flags"/>, separated by commas, in order.</summary>
    /// <exception cref="ArgumentException">
    /// The string is blank, an entry is empty, a flag has characters other than letters, digits, '-' and '_', is only
    /// dashes, or is given twice.
    /// </exception>
    public static IReadOnlyList<string> Parse(string flags)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(flags);
        var parsed = flags.Split(',', StringSplitOptions.TrimEntries);
        foreach (var flag in parsed)
        {
            if (flag.Length == 0)
            {
                throw Invalid(flags, "has an empty entry");
            }

            if (!flag.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw Invalid(flags, $"has flag '{flag}', which may only have letters, digits, '-' and '_'");
            }

            if (flag.TrimStart('-').Length == 0)
            {
                throw Invalid(flags, $"has flag '{flag}', which is only dashes");
            }
        }

        if (parsed.GroupBy(f => f, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw Invalid(flags, $"gives flag '{twice.Key}' twice");
        }

        return parsed;
    }

    private static ArgumentException Invalid(string flags, string what) =>
        new($"flags \"{flags}\" {what}; write them separated by commas, like \"-v, --version, version\"", nameof(flags));
}
