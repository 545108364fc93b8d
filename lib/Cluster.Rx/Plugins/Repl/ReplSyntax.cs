using System.Globalization;
using System.Text;

namespace Cluster.Rx;

/// <summary>
/// The console's line syntax, a pure parser: <c>name(arg, …)</c> or <c>name arg …</c>, optionally after <c>json</c>
/// and before a <c>;</c>. An argument is a bare word (<c>2</c>, <c>-1</c>, <c>SIGTERM</c>: anything but spaces, quotes,
/// parentheses, commas and semicolons) or a string in double or single quotes with backslash escapes
/// (<c>\\ \" \' \n \t \r \0 \uXXXX</c>). A name has letters, digits, '-' and '_'.
/// </summary>
internal static class ReplSyntax
{
    /// <summary>The word that asks for a JSON answer: <c>json pids()</c>.</summary>
    public const string JsonPrefix = "json";

    private const string Forms = "write name(arg, …) or name arg …";

    /// <summary>Parses one line (without its line ending).</summary>
    /// <returns>The request, or null for a line that is empty or only spaces.</returns>
    /// <exception cref="ReplSyntaxException">The line is not a command call; the message names the column and what was expected.</exception>
    public static ReplRequest? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var reader = new Reader(line);
        reader.SkipSpaces();
        if (reader.AtEnd)
        {
            return null;
        }

        var name = reader.Name();
        if (name == JsonPrefix)
        {
            var spaced = reader.SkipSpaces();
            if (reader.AtEnd || reader.Peek == ';')
            {
                throw reader.Error("json needs a command after it, e.g. json pids()");
            }

            if (!spaced)
            {
                throw reader.Error("json is not a command; write it before one, e.g. json pids()");
            }

            reader.Json = true;
            name = reader.Name();
        }

        reader.SkipSpaces();
        var arguments = reader.Peek == '(' ? reader.ParenArguments() : reader.BareArguments();
        reader.SkipSpaces();
        if (reader.Peek == ';')
        {
            reader.Advance();
            reader.SkipSpaces();
        }

        if (!reader.AtEnd)
        {
            throw reader.Error($"nothing may follow the call, but {reader.Describe()} does");
        }

        return new ReplRequest(name, arguments, reader.Json);
    }

    private static bool IsNameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    private static bool IsWordCharacter(char c) =>
        !char.IsWhiteSpace(c) && !char.IsControl(c) && c is not ('"' or '\'' or '(' or ')' or ',' or ';');

    private sealed class Reader(string line)
    {
        private int _at;

        public bool Json { get; set; }

        public bool AtEnd => _at >= line.Length;

        public char Peek => AtEnd ? '\0' : line[_at];

        public void Advance() => _at++;

        /// <summary>Skips spaces; true when there were any.</summary>
        public bool SkipSpaces()
        {
            var start = _at;
            while (!AtEnd && char.IsWhiteSpace(line[_at]))
            {
                _at++;
            }

            return _at > start;
        }

        public string Name()
        {
            var start = _at;
            while (!AtEnd && IsNameCharacter(line[_at]))
            {
                _at++;
            }

            return _at > start
                ? line[start.._at]
                : throw Error($"a command name (letters, digits, '-', '_') was expected, not {Describe()}");
        }

        /// <summary>After the name, at '(': the arguments up to the matching ')'.</summary>
        public List<string> ParenArguments()
        {
            Advance();
            var arguments = new List<string>();
            SkipSpaces();
            if (Peek == ')')
            {
                Advance();
                return arguments;
            }

            while (true)
            {
                if (AtEnd)
                {
                    throw Error("')' is missing at the end of the arguments");
                }

                arguments.Add(Argument());
                SkipSpaces();
                if (AtEnd)
                {
                    throw Error("')' is missing at the end of the arguments");
                }

                var next = Peek;
                Advance();
                if (next == ')')
                {
                    return arguments;
                }

                if (next != ',')
                {
                    _at--;
                    throw Error($"',' or ')' was expected after argument {arguments.Count}, not {Describe()}");
                }

                SkipSpaces();
                if (AtEnd || Peek is ')' or ',')
                {
                    throw Error($"argument {arguments.Count + 1} is missing after ','");
                }
            }
        }

        /// <summary>After the name and its spaces: arguments separated by spaces, up to the end or a ';'.</summary>
        public List<string> BareArguments()
        {
            var arguments = new List<string>();
            while (!AtEnd && Peek != ';')
            {
                NoPunctuation();
                arguments.Add(Argument());
                NoPunctuation();
                if (!AtEnd && !char.IsWhiteSpace(Peek) && Peek != ';')
                {
                    throw Error($"a space was expected after argument {arguments.Count}, not {Describe()}");
                }

                SkipSpaces();
            }

            return arguments;
        }

        public ReplSyntaxException Error(string what) =>
            new($"syntax error at column {_at + 1}: {what}; {Forms}", _at + 1, Json);

        /// <summary>The character at the cursor as messages show it.</summary>
        public string Describe() => AtEnd
            ? "the end of the line"
            : char.IsControl(Peek) || char.IsWhiteSpace(Peek)
                ? $"character U+{(int)Peek:X4}"
                : $"'{Peek}'";

        /// <summary>Commas and parentheses belong to the paren form.</summary>
        private void NoPunctuation()
        {
            if (Peek is ',' or '(' or ')')
            {
                throw Error($"{Describe()} is not allowed here; separate arguments with spaces, or write name(arg, …)");
            }
        }

        private string Argument() => Peek is '"' or '\'' ? Quoted() : Word();

        private string Word()
        {
            var start = _at;
            while (!AtEnd && IsWordCharacter(line[_at]))
            {
                _at++;
            }

            return _at > start ? line[start.._at] : throw Error($"an argument was expected, not {Describe()}");
        }

        private string Quoted()
        {
            var quote = Peek;
            var opened = _at + 1;
            Advance();
            var text = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw Error($"the string opened at column {opened} is not closed with {quote}");
                }

                var c = Peek;
                Advance();
                if (c == quote)
                {
                    return text.ToString();
                }

                text.Append(c == '\\' ? Escape() : c);
            }
        }

        /// <summary>After a backslash: the character it stands for.</summary>
        private char Escape()
        {
            if (AtEnd)
            {
                throw Error("a backslash ends the line; write \\\\ for a backslash");
            }

            var c = Peek;
            Advance();
            switch (c)
            {
                case '\\' or '"' or '\'':
                    return c;
                case 'n':
                    return '\n';
                case 't':
                    return '\t';
                case 'r':
                    return '\r';
                case '0':
                    return '\0';
                case 'u' when _at + 4 <= line.Length
                    && ushort.TryParse(line.AsSpan(_at, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                    _at += 4;
                    return (char)code;
                case 'u':
                    _at -= 2;
                    throw Error("\\u needs four hex digits, e.g. \\u00e9");
                default:
                    _at -= 2;
                    throw Error($"unknown escape \\{c}; use \\\\ \\\" \\' \\n \\t \\r \\0 or \\uXXXX");
            }
        }
    }
}
