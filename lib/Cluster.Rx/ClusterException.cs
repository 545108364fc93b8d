namespace Cluster.Rx;

/// <summary>
/// A cluster could not start or keep running: the message says what was wrong (the address, path, user or
/// setting concerned) and what would be valid.
/// </summary>
public sealed class ClusterException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    public ClusterException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its message and the error behind it.</summary>
    public ClusterException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
