namespace Cluster.Rx;

/// <summary>Every default and limit of the console (<c>Plugins.Repl</c>), chosen in one place.</summary>
internal static class ReplDefaults
{
    /// <summary>What the console writes when it waits for a line.</summary>
    public const string Prompt = "cluster> ";

    /// <summary>
    /// The longest line a client may send, in bytes, its line ending not counted; a longer one gets an error answer and
    /// its connection is closed. Defaults to 16 KiB.
    /// </summary>
    public const int MaxLineLength = 16 * 1024;

    /// <summary>How many whole lines a session reads ahead of the command it is running. 8.</summary>
    public const int LinesAhead = 8;

    /// <summary>How many sessions the console serves at once; a client beyond them is refused with a line that says so. 64.</summary>
    public const int MaxSessions = 64;

    /// <summary>
    /// The listen backlog of the console's socket: a Unix socket refuses a client at once (EAGAIN) when it is full. 128.
    /// </summary>
    public const int Backlog = 128;

    /// <summary>
    /// How often a replacement master tries to take over the console's address while the master it replaces still
    /// holds it (it lets go when it begins shutting down). 100 ms.
    /// </summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How long the console stops accepting when the process is out of descriptors or buffers. 100 ms.</summary>
    public static readonly TimeSpan AcceptPause = TimeSpan.FromMilliseconds(100);
}
