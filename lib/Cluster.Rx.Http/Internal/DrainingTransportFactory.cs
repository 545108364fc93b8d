using System.Net;
using Microsoft.AspNetCore.Connections;

namespace Cluster.Rx.Http.Internal;

/// <summary>
/// Kestrel's socket transport, with the listener it binds wrapped in a <see cref="DrainingListener"/> that is handed
/// to <paramref name="bound"/>, so the server can stop accepting before it stops Kestrel; it accepts once
/// <paramref name="admitted"/> says it may.
/// </summary>
internal sealed class DrainingTransportFactory(
    IConnectionListenerFactory sockets,
    Action unstartedChanged,
    Func<Task<bool>> admitted,
    Action<DrainingListener> bound) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var listener = new DrainingListener(await sockets.BindAsync(endpoint, cancellationToken).ConfigureAwait(false), unstartedChanged, admitted());
        bound(listener);
        return listener;
    }

    public bool CanBind(EndPoint endpoint) => sockets is not IConnectionListenerFactorySelector selector || selector.CanBind(endpoint);
}
