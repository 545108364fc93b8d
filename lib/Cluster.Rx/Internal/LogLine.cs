using System.Collections;
using Microsoft.Extensions.Logging;

namespace Cluster.Rx.Internal;

/// <summary>
/// One log line: its <see cref="LogEvent"/> and the values for the template's holes. It is the state given to
/// <see cref="ILogger.Log{TState}"/>: the values by name, then <c>{OriginalFormat}</c> (the template), as
/// <c>LoggerMessage</c> gives them, so structured sinks (OpenTelemetry, JSON consoles) see each value on its own.
/// </summary>
internal sealed class LogLine : IReadOnlyList<KeyValuePair<string, object?>>
{
    private const string OriginalFormat = "{OriginalFormat}";

    private readonly object?[] _values;

    public LogLine(LogEvent logEvent, object?[] values)
    {
        Event = logEvent;
        _values = values;
        Text = logEvent.Template.Render(values);
    }

    public LogEvent Event { get; }

    /// <summary>The rendered message: what stderr shows after <c>cluster: level: </c>.</summary>
    public string Text { get; }

    public int Count => _values.Length + 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == _values.Length ? new(OriginalFormat, Event.Template.Text)
        : index >= 0 && index < _values.Length ? new(Event.Template.Names[index], _values[index])
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"a log line of {Event.Id.Name} has {Count} values");

    /// <summary>Writes this line to <paramref name="logger"/> with its level, event id and values (when the level is enabled).</summary>
    public void WriteTo(ILogger logger)
    {
        if (logger.IsEnabled(Event.Level))
        {
            logger.Log(Event.Level, Event.Id, this, exception: null, static (line, _) => line.Text);
        }
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => Text;
}
