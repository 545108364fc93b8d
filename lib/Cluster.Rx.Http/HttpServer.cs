using Cluster.Rx.Http.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cluster.Rx.Http;

/// <summary>
/// ASP.NET Core (Kestrel) as a Cluster.Rx <see cref="IServer"/>: each worker serves HTTP from its own copy of
/// the listening socket the master bound, so there is no proxy hop between the client and the app.
/// </summary>
/// <remarks>
/// The server is cold: nothing is built until the worker calls <see cref="IServer.StartAsync"/>, so the
/// callbacks run only in workers, once per worker. The app has no HTTPS, binds no URL of its own
/// (<c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c> and <c>Kestrel:Endpoints</c> are ignored), installs no
/// signal handlers (the worker runtime owns signals) and logs at <see cref="Microsoft.Extensions.Logging.LogLevel.Warning"/>
/// and above unless the <c>build</c> callback says otherwise.
/// </remarks>
public static class HttpServer
{
    /// <summary>Creates a server that answers every request with <paramref name="handler"/>.</summary>
    /// <remarks>
    /// Kestrel runs with no host around it: no services (<see cref="HttpContext.RequestServices"/> is null),
    /// configuration or hosting diagnostics, so a worker starts on about 40 % less CPU than with an app; Kestrel's
    /// warnings and errors (such as an exception the handler throws, answered with 500) go to the console. For
    /// services, middleware or other log levels, use <see cref="Create(Action{WebApplication}, Action{WebApplicationBuilder}?)"/>.
    /// </remarks>
    /// <param name="handler">The request handler, as in <c>app.Run(handler)</c>.</param>
    /// <returns>A server that is not started yet.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    public static IServer Create(RequestDelegate handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new HandlerServer(handler);
    }

    /// <summary>Creates a server that runs the app <paramref name="configure"/> sets up: routes, middleware.</summary>
    /// <param name="configure">Adds middleware and endpoints to the built app; called once per worker.</param>
    /// <param name="build">
    /// Optional: adds services and changes settings (logging levels, Kestrel limits) on the builder before the app
    /// is built; called once per worker, before <paramref name="configure"/>.
    /// </param>
    /// <returns>A server that is not started yet.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configure"/> is null.</exception>
    public static IServer Create(Action<WebApplication> configure, Action<WebApplicationBuilder>? build = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return new KestrelServer(configure, build);
    }
}
