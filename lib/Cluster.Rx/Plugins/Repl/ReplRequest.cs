namespace Cluster.Rx;

/// <summary>One console line, parsed (see <see cref="ReplSyntax.Parse"/>): the command's name, its arguments, and whether the answer is wanted as JSON.</summary>
/// <param name="Name">The command's name.</param>
/// <param name="Arguments">The arguments as written, quotes removed and escapes applied.</param>
/// <param name="Json">True when the line began with <c>json</c>: the answer is one line of JSON.</param>
internal sealed record ReplRequest(string Name, IReadOnlyList<string> Arguments, bool Json)
{
    /// <summary>The request as the paren form would write it, for messages and specs: <c>kill("0", "SIGTERM")</c>.</summary>
    public override string ToString() =>
        $"{(Json ? "json " : string.Empty)}{Name}({string.Join(", ", Arguments.Select(a => $"\"{a}\""))})";
}
