namespace Cluster.Rx;

/// <summary>
/// What a worker's server does, counted as it happens: connections opened and closed, requests done. The server
/// reports (<see cref="ListenContext.Activity"/>); a plugin's worker part reads (<see cref="IWorkerPluginContext.Activity"/>).
/// Thread-safe; each report is one atomic increment.
/// </summary>
public sealed class ServerActivity
{
    private long _opened;
    private long _closed;
    private long _requests;
    private long _requestLimit = long.MaxValue;
    private Action? _limitReached;
    private Action? _changed;

    /// <summary>Connections accepted since the server started.</summary>
    public long ConnectionsOpened => Volatile.Read(ref _opened);

    /// <summary>Connections closed since the server started.</summary>
    public long ConnectionsClosed => Volatile.Read(ref _closed);

    /// <summary>Connections open now.</summary>
    public long ActiveConnections => Math.Max(0, ConnectionsOpened - ConnectionsClosed);

    /// <summary>Requests done since the server started (0 for a server without requests, such as a <see cref="TcpServer"/>).</summary>
    public long Requests => Volatile.Read(ref _requests);

    /// <summary>The server accepted a connection.</summary>
    public void ConnectionOpened()
    {
        Interlocked.Increment(ref _opened);
        Changed();
    }

    /// <summary>A connection the server accepted has closed.</summary>
    public void ConnectionClosed()
    {
        Interlocked.Increment(ref _closed);
        Changed();
    }

    /// <summary>The server finished a request.</summary>
    public void RequestDone()
    {
        if (Interlocked.Increment(ref _requests) == Volatile.Read(ref _requestLimit))
        {
            _limitReached?.Invoke();
        }

        Changed();
    }

    /// <summary>
    /// Calls <paramref name="changed"/> once, on the thread of the next report (of any kind) after this call; null
    /// forgets a watcher not called yet. One watcher per activity (the Stats plugin's sampling, which so needs no timer
    /// while a worker is idle); each report costs it one read while nobody watches.
    /// </summary>
    internal void OnNextChange(Action? changed) => Volatile.Write(ref _changed, changed);

    /// <summary>
    /// Calls <paramref name="reached"/> when the requests done reach <paramref name="limit"/>, on the thread of the
    /// request that reaches it (at once when they have already); it may be called twice when that races with this
    /// call, so it must act once itself. One watcher per activity (a worker's <c>max requests</c>).
    /// </summary>
    internal void WhenRequests(long limit, Action reached)
    {
        _limitReached = reached;
        Volatile.Write(ref _requestLimit, limit);
        if (Requests >= limit)
        {
            reached();
        }
    }

    private void Changed()
    {
        if (Volatile.Read(ref _changed) is not null)
        {
            Interlocked.Exchange(ref _changed, null)?.Invoke();
        }
    }
}
