namespace Cluster.Rx.Internal;

/// <summary>
/// The master's own log lines (errors, warnings, notices). Written to stderr as <c>cluster: level: text</c>
/// and published on <see cref="Lines"/> so a logging plugin can take them.
/// </summary>
internal sealed class ClusterLog
{
    private readonly System.Reactive.Subjects.Subject<(string Level, string Text)> _lines = new();
    private readonly TextWriter _writer;

    public ClusterLog(TextWriter? writer = null) => _writer = writer ?? Console.Error;

    public IObservable<(string Level, string Text)> Lines => _lines;

    public void Info(string text) => Write("info", text);

    public void Warning(string text) => Write("warning", text);

    public void Error(string text) => Write("error", text);

    private void Write(string level, string text)
    {
        lock (_lines)
        {
            _writer.WriteLine($"cluster: {level}: {text}");
            _lines.OnNext((level, text));
        }
    }
}
