namespace Cluster.Rx.SpecHost;

/// <summary>
/// Plays a deploy that can break: while the file named by <c>BROKEN_WHEN</c> exists, a worker's server factory
/// throws at start, as the workers of a broken build would — or, when the file says <c>slow</c>, takes 30 s to
/// start, as workers that wait for a database would; remove the file and the next workers start again.
/// </summary>
internal static class Deploy
{
    private static readonly TimeSpan SlowStart = TimeSpan.FromSeconds(30);

    /// <summary>Null when the deploy is sound (after a slow start, when it is slow); throws when it is broken.</summary>
    public static IServer? Check()
    {
        if (Environment.GetEnvironmentVariable("BROKEN_WHEN") is not { Length: > 0 } path || !File.Exists(path))
        {
            return null;
        }

        if (File.ReadAllText(path).Trim() == "slow")
        {
            Thread.Sleep(SlowStart);
            return null;
        }

        throw new InvalidOperationException($"spec host: this deploy is broken ({path} exists)");
    }
}
