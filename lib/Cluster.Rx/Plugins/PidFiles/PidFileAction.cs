namespace Cluster.Rx;

/// <summary>What a <see cref="PidFileChange"/> does to its file.</summary>
public enum PidFileAction
{
    /// <summary>Write the pid to the file (atomically: a temporary file in the same directory, then a rename).</summary>
    Write,

    /// <summary>Remove the file if it still holds the pid (another master may have written it since).</summary>
    Remove,
}
