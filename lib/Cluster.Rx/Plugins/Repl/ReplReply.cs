using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.Rx;

/// <summary>
/// What the console writes for an answer, an error or a notice. Text: the answer's lines, or one line
/// <c>error: …</c>. JSON (asked for with <c>json</c>): exactly one line of its own, <c>{"ok":true,"result":…}</c> or
/// <c>{"ok":false,"error":"…"}</c>, after a line ending that closes the prompt's line, so a script finds it with
/// <c>grep '^{'</c>.
/// </summary>
internal static class ReplReply
{
    // Quotes and accented letters as they are: the line is read by people and scripts, never put into HTML.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The lines of <paramref name="answer"/>, each ending in '\n'; empty for an empty answer.</summary>
    public static string Answer(CommandAnswer answer, bool json)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (json)
        {
            return JsonLine(new JsonObject { ["ok"] = true, ["result"] = answer.Json?.DeepClone() });
        }

        var text = answer.Text.ReplaceLineEndings("\n").TrimEnd('\n');
        return text.Length == 0 ? string.Empty : text + "\n";
    }

    /// <summary>The error <paramref name="message"/> as one line.</summary>
    public static string Error(string message, bool json) => json
        ? JsonLine(new JsonObject { ["ok"] = false, ["error"] = message })
        : $"error: {message.ReplaceLineEndings(" ")}\n";

    /// <summary>A notice the console sends unasked (a restart, a shutdown), on a line of its own.</summary>
    public static string Notice(string text) => $"\n{text}\n";

    private static string JsonLine(JsonObject reply) => "\n" + reply.ToJsonString(Compact) + "\n";
}
