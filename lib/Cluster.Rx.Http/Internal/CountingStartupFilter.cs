using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Cluster.Rx.Http.Internal;

/// <summary>Puts the binding's counting middleware first in the app's pipeline, ahead of everything the app adds.</summary>
internal sealed class CountingStartupFilter(SharedSocketBinding binding) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(binding.Count);
        next(app);
    };
}
