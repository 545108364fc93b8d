namespace Cluster.Rx;

/// <summary>How much an <see cref="EventLine"/> matters, least first (see <see cref="Plugins.Logger"/>'s <c>level</c>).</summary>
public enum LineLevel
{
    /// <summary>Detail only wanted while looking into something (<c>debug</c>).</summary>
    Debug,

    /// <summary>The cluster's ordinary life: workers spawned, connected, removed (<c>info</c>).</summary>
    Info,

    /// <summary>Something went wrong and the cluster deals with it: a worker died, a shutdown (<c>warning</c>).</summary>
    Warning,

    /// <summary>Something failed: an uncaught exception in a worker, a failed restart (<c>error</c>).</summary>
    Error,
}
