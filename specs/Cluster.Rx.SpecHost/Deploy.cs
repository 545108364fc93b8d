namespace Cluster.Rx.SpecHost;

/// <summary>
/// Plays a deploy that can break: while the file named by <c>BROKEN_WHEN</c> exists, a worker's server factory
/// throws at start, as the workers of a broken build would; remove the file and the next workers start again.
/// </summary>
internal static class Deploy
{
    /// <summary>Null when the deploy is sound; throws when it is broken.</summary>
    public static IServer? Check() =>
        Environment.GetEnvironmentVariable("BROKEN_WHEN") is { Length: > 0 } path && File.Exists(path)
            ? throw new InvalidOperationException($"spec host: this deploy is broken ({path} exists)")
            : null;
}
