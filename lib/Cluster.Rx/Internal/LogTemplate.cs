using System.Globalization;
using System.Text;

namespace Cluster.Rx.Internal;

/// <summary>
/// A message template in the <c>Microsoft.Extensions.Logging</c> syntax: literal text with named holes
/// (<c>{WorkerId}</c>, <c>{DelayMs:0}</c> with a format), <c>{{</c> and <c>}}</c> for braces. Parsed once; rendering
/// fills the holes in order, as string interpolation would (<see cref="IFormattable"/> with the hole's format and the
/// current culture; null as nothing), so a rendered template reads exactly as the interpolated string it replaced.
/// </summary>
internal sealed class LogTemplate
{
    private readonly string[] _literals;
    private readonly string?[] _formats;

    private LogTemplate(string text, string[] literals, string[] names, string?[] formats)
    {
        Text = text;
        _literals = literals;
        Names = names;
        _formats = formats;
    }

    /// <summary>The template as written (the <c>{OriginalFormat}</c> of a structured log line).</summary>
    public string Text { get; }

    /// <summary>The holes' names, in order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">A brace is not closed, a hole has no name, or a '}' stands alone.</exception>
    public static LogTemplate Parse(string text)
    {
        var literals = new List<string>();
        var names = new List<string>();
        var formats = new List<string?>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '{' or '}' && i + 1 < text.Length && text[i + 1] == c)
            {
                literal.Append(c);
                i++;
            }
            else if (c == '}')
            {
                throw new FormatException($"the log template '{text}' has a '}}' at {i} that closes no hole; write '}}}}' for a brace");
            }
            else if (c == '{')
            {
                var end = text.IndexOf('}', i + 1);
                if (end < 0)
                {
                    throw new FormatException($"the log template '{text}' opens a hole at {i} and never closes it");
                }

                var hole = text[(i + 1)..end];
                var colon = hole.IndexOf(':');
                var name = colon < 0 ? hole : hole[..colon];
                if (name.Length == 0 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
                {
                    throw new FormatException($"the log template '{text}' has a hole '{{{hole}}}' without a name (letters, digits, '_')");
                }

                literals.Add(literal.ToString());
                literal.Clear();
                names.Add(name);
                formats.Add(colon < 0 ? null : hole[(colon + 1)..]);
                i = end;
            }
            else
            {
                literal.Append(c);
            }
        }

        literals.Add(literal.ToString());
        return new LogTemplate(text, [.. literals], [.. names], [.. formats]);
    }

    /// <summary>The text with <paramref name="values"/> in the holes, in order.</summary>
    /// <exception cref="ArgumentException">There are not as many values as holes.</exception>
    public string Render(IReadOnlyList<object?> values)
    {
        if (values.Count != Names.Count)
        {
            throw new ArgumentException($"the log template '{Text}' has {Names.Count} hole(s), not {values.Count}", nameof(values));
        }

        var text = new StringBuilder(_literals[0]);
        for (var i = 0; i < values.Count; i++)
        {
            text.Append(values[i] switch
            {
                null => string.Empty,
                IFormattable formattable => formattable.ToString(_formats[i], CultureInfo.CurrentCulture),
                var value => value.ToString(),
            });
            text.Append(_literals[i + 1]);
        }

        return text.ToString();
    }
}
