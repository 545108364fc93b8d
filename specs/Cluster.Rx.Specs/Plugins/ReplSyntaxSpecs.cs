namespace Cluster.Rx.Specs;

public sealed class ReplSyntaxSpecs
{
    private const string Forms = "; write name(arg, …) or name arg …";

    public static TheoryData<string, string> Valid => new()
    {
        { "pids()", "pids()" },
        { "pids", "pids()" },
        { "  pids ( )  ;  ", "pids()" },
        { "pids();", "pids()" },
        { "spawn(2)", "spawn(\"2\")" },
        { "spawn 2", "spawn(\"2\")" },
        { "spawn(-1)", "spawn(\"-1\")" },
        { "kill(0, SIGTERM)", "kill(\"0\", \"SIGTERM\")" },
        { "kill(\t0 ,\t'SIGTERM' )", "kill(\"0\", \"SIGTERM\")" },
        { "kill 0 SIGTERM", "kill(\"0\", \"SIGTERM\")" },
        { "kill 0  \"SIGTERM\";", "kill(\"0\", \"SIGTERM\")" },
        { "echo(\"hello, world\")", "echo(\"hello, world\")" },
        { "echo 'it\\'s (fine); really'", "echo(\"it's (fine); really\")" },
        { "echo(\"a\\tb\\nc\\\\d\\\"e\\u00e9\\rf\\0\")", "echo(\"a\tb\nc\\d\"eé\rf\0\")" },
        { "echo \"\"", "echo(\"\")" },
        { "echo ''", "echo(\"\")" },
        { "echo()", "echo()" },
        { "echo héllo wörld", "echo(\"héllo\", \"wörld\")" },
        { "echo 3.5 x.y-z", "echo(\"3.5\", \"x.y-z\")" },
        { "my-command_2(x)", "my-command_2(\"x\")" },
        { "json pids()", "json pids()" },
        { "  json   kill 0 9", "json kill(\"0\", \"9\")" },
        { "json json", "json json()" },
    };

    public static TheoryData<string, int, string> Malformed => new()
    {
        { "(1)", 1, "a command name (letters, digits, '-', '_') was expected, not '('" },
        { "'pids'", 1, "a command name (letters, digits, '-', '_') was expected, not '''" },
        { "pids(", 6, "')' is missing at the end of the arguments" },
        { "spawn(1", 8, "')' is missing at the end of the arguments" },
        { "spawn(1 2)", 9, "',' or ')' was expected after argument 1, not '2'" },
        { "spawn(1;)", 8, "',' or ')' was expected after argument 1, not ';'" },
        { "spawn(1,)", 9, "argument 2 is missing after ','" },
        { "spawn(1, ", 10, "argument 2 is missing after ','" },
        { "spawn(,1)", 7, "an argument was expected, not ','" },
        { "pids() x", 8, "nothing may follow the call, but 'x' does" },
        { "pids(); pids()", 9, "nothing may follow the call, but 'p' does" },
        { "pids)", 5, "')' is not allowed here; separate arguments with spaces, or write name(arg, …)" },
        { "echo a,b", 7, "',' is not allowed here; separate arguments with spaces, or write name(arg, …)" },
        { "echo \"a\"b", 9, "a space was expected after argument 1, not 'b'" },
        { "echo 'abc", 10, "the string opened at column 6 is not closed with '" },
        { "echo(\"abc)", 11, "the string opened at column 6 is not closed with \"" },
        { "echo \"a\\qb\"", 8, "unknown escape \\q; use \\\\ \\\" \\' \\n \\t \\r \\0 or \\uXXXX" },
        { "echo \"\\u12\"", 7, "\\u needs four hex digits, e.g. \\u00e9" },
        { "echo \"a\\", 9, "a backslash ends the line; write \\\\ for a backslash" },
        { "pids\u0001", 5, "an argument was expected, not character U+0001" },
        { "json", 5, "json needs a command after it, e.g. json pids()" },
        { "json ;", 6, "json needs a command after it, e.g. json pids()" },
        { "json(pids)", 5, "json is not a command; write it before one, e.g. json pids()" },
        { "json (pids)", 6, "a command name (letters, digits, '-', '_') was expected, not '('" },
    };

    [Fact]
    public void Parse_ArgumentChecking() => Assert.Throws<ArgumentNullException>(() => ReplSyntax.Parse(null!));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t \t")]
    public void Parse_EmptyOrBlankLine_IsNoRequest(string line) => Assert.Null(ReplSyntax.Parse(line));

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parse_ParenOrBareForm_GivesNameArgumentsAndJson(string line, string expected) =>
        Assert.Equal(expected, ReplSyntax.Parse(line)!.ToString());

    [Fact]
    public void Parse_JsonPrefix_SetsJson_OtherwiseNot()
    {
        Assert.True(ReplSyntax.Parse("json pids()")!.Json);
        Assert.False(ReplSyntax.Parse("jsonpids()")!.Json);
        Assert.Equal("jsonpids", ReplSyntax.Parse("jsonpids()")!.Name);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Parse_MalformedLine_ThrowsNamingTheColumnAndWhatToWrite(string line, int column, string what)
    {
        var error = Assert.Throws<ReplSyntaxException>(() => ReplSyntax.Parse(line));

        Assert.Equal($"syntax error at column {column}: {what}{Forms}", error.Message);
        Assert.Equal(column, error.Column);
        Assert.Equal(line.TrimStart().StartsWith("json ", StringComparison.Ordinal) && line.Trim() != "json ;", error.Json);
    }

    [Fact]
    public void Parse_MalformedAfterJson_AsksForAJsonError()
    {
        var error = Assert.Throws<ReplSyntaxException>(() => ReplSyntax.Parse("json spawn(1"));

        Assert.True(error.Json);
    }

    [Fact]
    public void Parse_EveryPrefixOfEveryValidLine_ParsesOrFailsWithASyntaxError()
    {
        // A line cut anywhere (a client that sent half of it, a typo) is answered clearly, never with another exception.
        foreach (var line in Valid.Select(row => (string)row[0]).Concat(Malformed.Select(row => (string)row[0])))
        {
            for (var length = 0; length <= line.Length; length++)
            {
                var prefix = line[..length];
                var error = Record.Exception(() => ReplSyntax.Parse(prefix));
                Assert.True(error is null or ReplSyntaxException, $"'{prefix}' threw {error}");
                Assert.True(error is not ReplSyntaxException syntax || syntax.Column is >= 1 && syntax.Column <= prefix.Length + 1, $"'{prefix}': column out of the line");
            }
        }
    }
}
