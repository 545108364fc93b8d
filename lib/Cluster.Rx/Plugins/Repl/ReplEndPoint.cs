namespace Cluster.Rx;

/// <summary>Where the console listens: a Unix socket path (<see cref="ReplUnixEndPoint"/>) or a TCP host and port (<see cref="ReplTcpEndPoint"/>).</summary>
internal abstract record ReplEndPoint
{
    /// <summary>True when a client must be of the master's user (or root), checked with its peer credentials.</summary>
    public abstract bool ChecksPeers { get; }

    /// <summary>
    /// This address made definite in the master, at attach (a relative path against the working directory, a host
    /// name resolved), with what can be checked before binding checked.
    /// </summary>
    /// <exception cref="ClusterException">It cannot be used (a missing directory, a host that does not resolve); the message says what to do.</exception>
    public abstract ReplEndPoint Resolve();

    /// <summary>A warning to write when the console starts listening here, or null.</summary>
    public virtual string? Warning => null;

    /// <summary>Binds and listens.</summary>
    /// <param name="holder">When it returns null: who holds the address, for messages.</param>
    /// <returns>The listener, or null when another listener holds the address (a master being replaced, say).</returns>
    /// <exception cref="ClusterException">Anything else went wrong; the message names the address and what to do.</exception>
    public abstract ReplListener? TryListen(out string holder);
}
