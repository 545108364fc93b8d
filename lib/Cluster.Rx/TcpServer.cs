using System.IO.Pipelines;

namespace Cluster.Rx;

/// <summary>A TCP (or Unix socket) server whose handler gets each connection as an <see cref="IDuplexPipe"/>.</summary>
public static class TcpServer
{
    /// <summary>
    /// A server that calls <paramref name="handler"/> once per accepted connection, on the thread pool; the
    /// connection closes when the handler's task completes. A handler that throws closes only its connection.
    /// </summary>
    /// <param name="handler">Reads the connection's <see cref="IDuplexPipe.Input"/>, writes its <see cref="IDuplexPipe.Output"/>.
    /// The token is cancelled when a graceful shutdown stops being graceful.</param>
    public static IServer Create(Func<IDuplexPipe, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new Servers.PipeServer(handler);
    }

    /// <summary>A server that calls <paramref name="handler"/> once per accepted connection; see the other overload.</summary>
    public static IServer Create(Func<IDuplexPipe, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new Servers.PipeServer((pipe, _) => handler(pipe));
    }
}
