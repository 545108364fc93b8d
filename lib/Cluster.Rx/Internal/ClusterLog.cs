namespace Cluster.Rx.Internal;

/// <summary>
/// The master's own log lines (errors, warnings, notices), written as <c>cluster: level: text</c> to stderr (or the
/// writer given), one whole line at a time, and published to plugins (<see cref="Entries"/>) under the same lock.
/// </summary>
internal sealed class ClusterLog
{
    private readonly Lock _gate = new();
    private readonly TextWriter _writer;
    private readonly Broadcast<ClusterLogEntry> _entries;

    public ClusterLog(TextWriter? writer = null)
    {
        _writer = writer ?? Console.Error;
        _entries = new Broadcast<ClusterLogEntry>(this);
    }

    /// <summary>Where timestamps come from: the master's scheduler once it has one.</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    /// <summary>Every line from now on, on the thread that writes it, never overlapping.</summary>
    public IObservable<ClusterLogEntry> Entries(string name) => _entries.Stream(name);

    public void Info(string text) => Write("info", text);

    public void Warning(string text) => Write("warning", text);

    public void Error(string text) => Write("error", text);

    private void Write(string level, string text)
    {
        lock (_gate)
        {
            _writer.WriteLine($"cluster: {level}: {text}");
            _entries.Publish(new ClusterLogEntry(Clock(), level, text));
        }
    }
}
