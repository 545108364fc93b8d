namespace Cluster.Rx;

/// <summary>A console line that is not a command call (see <see cref="ReplSyntax.Parse"/>); the message says where and what to write.</summary>
internal sealed class ReplSyntaxException : FormatException
{
    public ReplSyntaxException(string message, int column, bool json)
        : base(message)
    {
        Column = column;
        Json = json;
    }

    /// <summary>Where the line went wrong, counting its characters from 1.</summary>
    public int Column { get; }

    /// <summary>True when the line began with <c>json</c>, so the error is answered as JSON too.</summary>
    public bool Json { get; }
}
