namespace Cluster.Rx.Http.Internal;

/// <summary>An HTTP server serves one worker once: the guard both servers' <c>StartAsync</c> begins with.</summary>
internal static class StartOnce
{
    /// <summary>Marks <paramref name="started"/>; throws when it was marked already.</summary>
    /// <exception cref="InvalidOperationException">The server was started before.</exception>
    public static void Claim(ref int started)
    {
        if (Interlocked.Exchange(ref started, 1) != 0)
        {
            throw new InvalidOperationException("This HTTP server was started already; create one server per worker (Master.Create(() => HttpServer.Create(...))).");
        }
    }
}
