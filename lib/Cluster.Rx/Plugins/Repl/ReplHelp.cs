using System.Text;
using System.Text.Json.Nodes;

namespace Cluster.Rx;

/// <summary>The answer of <c>help()</c>: every command with its usage and description.</summary>
internal static class ReplHelp
{
    /// <summary>The last line of the text: how to write a call.</summary>
    public const string Syntax = "write name(args) or name args; json name(args) answers in one line of JSON";

    /// <summary>Text: one aligned line per command, then <see cref="Syntax"/>; JSON: an array of <c>{"name","usage","description"}</c>.</summary>
    public static CommandAnswer Of(IReadOnlyList<ClusterCommand> commands)
    {
        var width = commands.Count == 0 ? 0 : commands.Max(c => c.Usage.Length);
        var text = new StringBuilder("commands:\n");
        var json = new JsonArray();
        foreach (var command in commands)
        {
            text.Append("  ").Append(command.Usage.PadRight(width + 2)).Append(command.Description).Append('\n');
            json.Add((JsonNode)new JsonObject
            {
                ["name"] = command.Name,
                ["usage"] = command.Usage,
                ["description"] = command.Description,
            });
        }

        text.Append(Syntax);
        return new CommandAnswer(text.ToString(), json);
    }
}
