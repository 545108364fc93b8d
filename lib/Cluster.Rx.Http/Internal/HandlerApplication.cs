using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Abstractions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Cluster.Rx.Http.Internal;

/// <summary>
/// What Kestrel calls for each request of a <see cref="HandlerServer"/>: one request delegate, with an
/// <see cref="HttpContext"/> reused across the requests of a connection, as the ASP.NET Core host does.
/// </summary>
internal sealed class HandlerApplication(RequestDelegate pipeline) : IHttpApplication<HttpContext>
{
    public HttpContext CreateContext(IFeatureCollection contextFeatures)
    {
        if (contextFeatures is not IHostContextContainer<HttpContext> container)
        {
            return new DefaultHttpContext(contextFeatures);
        }

        if (container.HostContext is DefaultHttpContext reused)
        {
            reused.Initialize(contextFeatures);
            return reused;
        }

        var context = new DefaultHttpContext(contextFeatures);
        container.HostContext = context;
        return context;
    }

    public Task ProcessRequestAsync(HttpContext context) => pipeline(context);

    public void DisposeContext(HttpContext context, Exception? exception)
    {
        if (context is DefaultHttpContext defaultContext)
        {
            defaultContext.Uninitialize();
        }
    }
}
