using Cluster.Rx.Settings;
using Microsoft.Extensions.Configuration;

namespace Cluster.Rx.Hosting.Internal;

/// <summary>
/// The <c>Cluster</c> configuration section as settings: <c>Cluster:Workers</c> (so <c>Cluster__Workers</c> in the
/// environment), <c>Cluster:Timeout</c>, <c>Cluster:WorkingDirectory</c>, … — each key a setting of <see cref="Master.Set"/>
/// without its spaces, case aside. An unknown key or a bad value is an error naming the key.
/// </summary>
internal static class ClusterConfiguration
{
    /// <summary>The section the settings come from.</summary>
    public const string SectionName = "Cluster";

    /// <exception cref="ArgumentException">A key names no setting, or its value does not fit the setting.</exception>
    public static void Apply(IConfiguration configuration, ClusterSettings settings)
    {
        foreach (var entry in configuration.GetSection(SectionName).GetChildren())
        {
            var key = ClusterSettings.KeyOf(entry.Key) ?? throw new ArgumentException(
                $"Unknown configuration key '{entry.Path}'. Valid keys: {string.Join(", ", ValidKeys())}.");
            if (entry.Value is null)
            {
                throw new ArgumentException($"Configuration key '{entry.Path}' (setting '{key}') is a section; give it a value.");
            }

            settings.SetText(key, entry.Value, entry.Path);
        }
    }

    private static IEnumerable<string> ValidKeys() =>
        ClusterSettings.AllKeys.Select(key => $"{SectionName}:{ClusterSettings.ConfigurationNameOf(key)}");
}
