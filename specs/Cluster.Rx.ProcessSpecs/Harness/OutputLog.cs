using System.Text.RegularExpressions;

namespace Cluster.Rx.ProcessSpecs.Harness;

/// <summary>
/// The lines one output stream of a cluster has printed so far, thread-safe, with awaitable waits for a line
/// that matches. A wait ends when the line arrives, when the stream ends (no line will come), or at its limit.
/// </summary>
internal sealed class OutputLog
{
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly List<TimeSpan> _times = [];
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly List<Waiter> _waiters = [];
    private bool _ended;

    /// <summary>The number of lines so far: pass it as <c>from</c> to wait only for later lines.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _lines.Count;
            }
        }
    }

    public bool Ended
    {
        get
        {
            lock (_gate)
            {
                return _ended;
            }
        }
    }

    public IReadOnlyList<string> Lines()
    {
        lock (_gate)
        {
            return [.. _lines];
        }
    }

    /// <summary>The lines so far, each with the time it arrived (since the log was made), for failure messages.</summary>
    public string Describe()
    {
        lock (_gate)
        {
            return string.Join('\n', _lines.Select((l, i) => $"  [{_times[i].TotalSeconds,7:0.000}] {l}"));
        }
    }

    /// <summary>Every match of <paramref name="pattern"/> (whole lines) so far.</summary>
    public IReadOnlyList<Match> Matches(Regex pattern)
    {
        lock (_gate)
        {
            return [.. _lines.Select(l => pattern.Match(l)).Where(m => m.Success)];
        }
    }

    public void Add(string line)
    {
        List<Waiter> matched = [];
        lock (_gate)
        {
            _lines.Add(line);
            _times.Add(_clock.Elapsed);
            var index = _lines.Count - 1;
            foreach (var waiter in _waiters)
            {
                if (index >= waiter.From && waiter.Pattern.Match(line) is { Success: true } match)
                {
                    waiter.Found = new Found(match, index);
                    matched.Add(waiter);
                }
            }

            _waiters.RemoveAll(matched.Contains);
        }

        foreach (var waiter in matched)
        {
            waiter.Completion.TrySetResult(waiter.Found);
        }
    }

    public void End()
    {
        List<Waiter> waiting;
        lock (_gate)
        {
            _ended = true;
            waiting = [.. _waiters];
            _waiters.Clear();
        }

        foreach (var waiter in waiting)
        {
            waiter.Completion.TrySetResult(null);
        }
    }

    /// <summary>
    /// The first line from index <paramref name="from"/> on that matches <paramref name="pattern"/>, waiting up to
    /// <paramref name="limit"/> for it; null when the stream ended or the limit passed first.
    /// </summary>
    public async Task<Found?> WaitAsync(Regex pattern, int from, TimeSpan limit)
    {
        var waiter = new Waiter(pattern, from);
        lock (_gate)
        {
            for (var i = Math.Max(0, from); i < _lines.Count; i++)
            {
                if (pattern.Match(_lines[i]) is { Success: true } match)
                {
                    return new Found(match, i);
                }
            }

            if (_ended)
            {
                return null;
            }

            _waiters.Add(waiter);
        }

        try
        {
            return await waiter.Completion.Task.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }

            return waiter.Completion.Task.IsCompletedSuccessfully ? waiter.Completion.Task.Result : null;
        }
    }

    /// <summary>A matching line and its index in the log.</summary>
    public sealed record Found(Match Match, int Index);

    private sealed class Waiter(Regex pattern, int from)
    {
        public Regex Pattern { get; } = pattern;

        public int From { get; } = from;

        public Found? Found { get; set; }

        public TaskCompletionSource<Found?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
