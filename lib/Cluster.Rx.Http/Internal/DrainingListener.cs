using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;

namespace Cluster.Rx.Http.Internal;

/// <summary>
/// Kestrel's listener on the shared socket, with a way to stop accepting before Kestrel itself stops, and a count of
/// the connections it accepted that Kestrel has not started yet.
/// </summary>
/// <remarks>
/// Kestrel treats a connection whose first request it has not read as idle when it stops, and closes it unanswered;
/// a client that had just connected and sent its request then sees the connection end (or reset). So a graceful stop
/// first calls <see cref="StopAcceptingAsync"/>: this worker's copy of the socket is closed, a connection already in
/// the shared queue stays there for the other workers, and every connection this listener did hand out is known
/// (counted from the moment it was accepted) and can be drained before Kestrel stops.
/// A standby's listener accepts nothing until it is admitted (promoted): Kestrel is started and warm, and the
/// connections queued on the shared socket go to the workers that accept until then. Meanwhile it hands Kestrel only
/// the process's own connections (<see cref="Hand"/>: a standby's warm-up).
/// </remarks>
internal sealed class DrainingListener(IConnectionListener inner, Action unstartedChanged, Task<bool> admitted) : IConnectionListener
{
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<ConnectionContext, byte> _unstarted = new();
    private readonly Channel<ConnectionContext> _own = Channel.CreateUnbounded<ConnectionContext>();
    private Task<ConnectionContext?> _accepting = Task.FromResult<ConnectionContext?>(null);
    private bool _stopped;
    private volatile bool _acceptingStopped;

    public EndPoint EndPoint => inner.EndPoint;

    /// <summary>Connections accepted and not yet started (see <see cref="Started"/>) nor closed.</summary>
    public int Unstarted => _unstarted.Count;

    /// <summary>True once <see cref="StopAcceptingAsync"/> has finished: no connection is accepted any more.</summary>
    public bool Stopped => _acceptingStopped;

    public ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return ValueTask.FromResult<ConnectionContext?>(null);
            }

            _accepting = AcceptCoreAsync(cancellationToken);
            return new ValueTask<ConnectionContext?>(_accepting);
        }
    }

    /// <summary>Hands Kestrel <paramref name="connection"/>, a connection of this process's own, before the listener is admitted.</summary>
    public void Hand(ConnectionContext connection)
    {
        if (!_own.Writer.TryWrite(connection))
        {
            throw new InvalidOperationException("The listener was admitted (or let go): it hands Kestrel no more connections of its own.");
        }
    }

    /// <summary>Called by the connection middleware when it takes over counting <paramref name="connection"/>.</summary>
    public void Started(ConnectionContext connection) => _unstarted.TryRemove(connection, out _);

    /// <summary>
    /// Closes this worker's copy of the listening socket and completes once an accept that was running has handed
    /// over its connection (counted in <see cref="Unstarted"/>) or ended.
    /// </summary>
    public async Task StopAcceptingAsync()
    {
        Task accepting;
        lock (_gate)
        {
            _stopped = true;
            accepting = _accepting;
        }

        await inner.UnbindAsync().ConfigureAwait(false);

        // Its outcome (a connection, none, or an error) belongs to Kestrel's accept loop; here only its end matters.
        await Task.WhenAny(accepting).ConfigureAwait(false);
        _acceptingStopped = true;
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _stopped = true;
        }

        return inner.UnbindAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private async Task<ConnectionContext?> AcceptCoreAsync(CancellationToken cancellationToken)
    {
        while (!admitted.IsCompleted)
        {
            if (_own.Reader.TryRead(out var own))
            {
                return own;
            }

            // Like the wait for admission, this wait ends when the listener is admitted or let go, not on cancellation.
            await Task.WhenAny(admitted, _own.Reader.WaitToReadAsync().AsTask()).ConfigureAwait(false);
        }

        _own.Writer.TryComplete();
        if (!await admitted.ConfigureAwait(false) || Volatile.Read(ref _stopped))
        {
            return null;
        }

        var connection = await inner.AcceptAsync(cancellationToken).ConfigureAwait(false);
        if (connection is not null)
        {
            // Normally the connection middleware starts it; a connection Kestrel refuses (its connection limit) is
            // only closed, so its end counts too. The registration lives as long as the connection.
            _unstarted.TryAdd(connection, 0);
            connection.ConnectionClosed.Register(() =>
            {
                if (_unstarted.TryRemove(connection, out _))
                {
                    unstartedChanged();
                }
            });
        }

        return connection;
    }
}
