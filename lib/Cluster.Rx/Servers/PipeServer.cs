using System.IO.Pipelines;
using System.Net.Sockets;
using System.Reactive.Disposables;
using Cluster.Rx.Ipc;
using Cluster.Rx.Serving;

namespace Cluster.Rx.Servers;

/// <summary>
/// Accepts from a worker's copy of the shared socket and runs a handler per connection over pipes on a
/// <see cref="NetworkStream"/>. Stopping closes only this worker's copy of the socket, then waits for the handlers.
/// </summary>
internal sealed class PipeServer(Func<IDuplexPipe, CancellationToken, Task> handler) : IServer, IAwaitsAdmission
{
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _connections = [];
    private Socket? _listener;
    private ServerActivity _activity = new();
    private Task _accepting = Task.CompletedTask;

    public int Connections
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count;
            }
        }
    }

    public Task StartAsync(ListenContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var listener = context.Listener;
        _listener = listener;
        _activity = context.Activity;
        _accepting = AcceptAsync(listener, context.Admitted);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _listener?.Dispose();
        await _accepting.ConfigureAwait(false);
        await using var registration = cancellationToken.Register(_abort.Cancel).ConfigureAwait(false);
        Task[] open;
        lock (_gate)
        {
            open = [.. _connections];
        }

        await Task.WhenAll(open).ConfigureAwait(false);
    }

    private async Task AcceptAsync(Socket listener, Task<bool> admitted)
    {
        if (!await admitted.ConfigureAwait(false))
        {
            return;
        }

        while (true)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException { SocketErrorCode: SocketError.OperationAborted or SocketError.Interrupted })
            {
                return;
            }
            catch (SocketException)
            {
                // The peer reset before we accepted it (ECONNABORTED and kin): nothing to serve, keep accepting.
                continue;
            }

            Track(ServeAsync(connection));
        }
    }

    private void Track(Task connection)
    {
        lock (_gate)
        {
            if (!connection.IsCompleted)
            {
                _connections.Add(connection);
            }
        }

        connection.ContinueWith(
            done =>
            {
                lock (_gate)
                {
                    _connections.Remove(done);
                }
            },
            TaskScheduler.Default);
    }

    private async Task ServeAsync(Socket connection)
    {
        _activity.ConnectionOpened();
        using var closed = Disposable.Create(_activity.ConnectionClosed);
        await Task.Yield();
        await using var stream = new NetworkStream(connection, ownsSocket: true);
        var input = PipeReader.Create(stream);
        var output = PipeWriter.Create(stream);
        Exception? error = null;
        try
        {
            await handler(new DuplexPipe(input, output), _abort.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A handler's failure closes its own connection only.
            error = e;
        }
        finally
        {
            await input.CompleteAsync(error).ConfigureAwait(false);
            await output.CompleteAsync(error).ConfigureAwait(false);
        }
    }
}
