namespace Cluster.Rx;

/// <summary>The names of the <see cref="LineLevel"/>s as the plugins write and accept them: <c>debug</c>, <c>info</c>, <c>warning</c>, <c>error</c>.</summary>
internal static class LineLevelNames
{
    /// <summary>Every name, least level first, for error messages.</summary>
    public static string Valid => "'debug', 'info', 'warning', 'error'";

    public static string Name(this LineLevel level) => level switch
    {
        LineLevel.Debug => "debug",
        LineLevel.Info => "info",
        LineLevel.Warning => "warning",
        LineLevel.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, $"valid levels: {Valid}"),
    };

    /// <summary>The level named <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No level has that name; the message lists the valid ones.</exception>
    public static LineLevel Parse(string name, string parameter) => name.ToLowerInvariant() switch
    {
        "debug" => LineLevel.Debug,
        "info" => LineLevel.Info,
        "warning" => LineLevel.Warning,
        "error" => LineLevel.Error,
        _ => throw new ArgumentException($"unknown level '{name}'; give one of {Valid}", parameter),
    };
}
