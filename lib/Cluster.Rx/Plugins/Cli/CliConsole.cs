namespace Cluster.Rx;

/// <summary>Where the commands of <see cref="Plugins.Cli"/> write: lines on stdout, errors on stderr, colour or not.</summary>
/// <param name="Out">Standard output: what a command reports.</param>
/// <param name="Error">Standard error: why a command failed.</param>
/// <param name="Colour">Whether <see cref="Paint"/> colours: only when stdout is a terminal (and <c>NO_COLOR</c> is unset).</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, bool Colour)
{
    /// <summary>The process's own stdout and stderr, colour when stdout is a terminal and <c>NO_COLOR</c> is not set.</summary>
    public static CliConsole System() => new(
        Console.Out,
        Console.Error,
        !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));

    /// <summary>Writes <paramref name="text"/> and a newline on stdout, in one write.</summary>
    public void Line(string text) => Out.Write(text + "\n");

    /// <summary>Writes <c>cluster: error: TEXT</c> on stderr and returns <paramref name="exitCode"/>.</summary>
    public int Fail(string text, int exitCode = 1)
    {
        Error.Write($"cluster: error: {text}\n");
        return exitCode;
    }

    /// <summary><paramref name="text"/> in ANSI colour <paramref name="sgr"/> (32 green, 31 red) when <see cref="Colour"/>, else as it is.</summary>
    public string Paint(string text, int sgr) => Colour ? $"\u001b[{sgr}m{text}\u001b[0m" : text;
}
