using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.Rx;

/// <summary>A command's answer, as text for people and as JSON for scripts.</summary>
/// <param name="Text">What a console shows; may span lines; empty for nothing.</param>
/// <param name="Json">What a console sends when asked for JSON; null is JSON <c>null</c>.</param>
public sealed record CommandAnswer(string Text, JsonNode? Json)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>No answer: empty text, JSON <c>null</c>.</summary>
    public static CommandAnswer None { get; } = new(string.Empty, null);

    /// <summary>
    /// The answer a command's result stands for: a <see cref="CommandAnswer"/> as it is; a string as that text (a
    /// JSON string); a <see cref="JsonNode"/> as that JSON (the text its indented form); a number or boolean as itself;
    /// null as <see cref="None"/>; anything else as its <c>ToString()</c>.
    /// </summary>
    public static CommandAnswer From(object? result) => result switch
    {
        null => None,
        CommandAnswer answer => answer,
        string text => new(text, JsonValue.Create(text)),
        JsonNode json => new(json.ToJsonString(Indented), json.DeepClone()),
        bool value => new(value ? "true" : "false", JsonValue.Create(value)),
        int value => new(value.ToString(CultureInfo.InvariantCulture), JsonValue.Create(value)),
        long value => new(value.ToString(CultureInfo.InvariantCulture), JsonValue.Create(value)),
        double value => new(value.ToString(CultureInfo.InvariantCulture), JsonValue.Create(value)),
        _ => From(Convert.ToString(result, CultureInfo.InvariantCulture)),
    };
}
