namespace Cluster.Rx.Internal;

/// <summary>
/// The master's own log lines (errors, warnings, notices), written as <c>cluster: level: text</c> to stderr
/// (or the writer given), one whole line at a time.
/// </summary>
internal sealed class ClusterLog
{
    private readonly Lock _gate = new();
    private readonly TextWriter _writer;

    public ClusterLog(TextWriter? writer = null) => _writer = writer ?? Console.Error;

    public void Info(string text) => Write("info", text);

    public void Warning(string text) => Write("warning", text);

    public void Error(string text) => Write("error", text);

    private void Write(string level, string text)
    {
        lock (_gate)
        {
            _writer.WriteLine($"cluster: {level}: {text}");
        }
    }
}
