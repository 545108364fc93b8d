namespace Cluster.Rx;

/// <summary>A worker's output stream.</summary>
public enum OutputKind
{
    /// <summary>Standard output.</summary>
    Stdout,

    /// <summary>Standard error.</summary>
    Stderr,
}
