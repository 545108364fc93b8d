using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Text;
using Cluster.Rx.Internal;

namespace Cluster.Rx.Extensibility;

/// <summary>
/// Where workers' output lines go once the master reads them: to plugins that observe them, and on to the master's
/// own stdout and stderr unless a plugin takes them (<see cref="Take"/>). Lines are published under one lock, so
/// emissions never overlap whichever worker's reader delivers them.
/// </summary>
internal sealed class OutputRouter(ClusterLog log, Stream stdout, Stream stderr)
{
    private readonly Lock _gate = new();
    private readonly Broadcast<WorkerOutput> _lines = new(log);
    private int _takers;

    public OutputRouter(ClusterLog log)
        : this(log, Console.OpenStandardOutput(), Console.OpenStandardError())
    {
    }

    /// <summary>True when a plugin observes or takes the output: workers spawned now have theirs read by the master.</summary>
    public bool Capturing => _lines.HasObservers;

    public IObservable<WorkerOutput> Observe(string name) => _lines.Stream(name);

    /// <summary>As <see cref="Observe"/>; while subscribed, lines are not passed through to the master's stdout and stderr.</summary>
    public IObservable<WorkerOutput> Take(string name) => Observable.Create<WorkerOutput>(observer =>
    {
        Interlocked.Increment(ref _takers);
        var subscription = _lines.Stream(name).Subscribe(observer);
        return Disposable.Create(() =>
        {
            subscription.Dispose();
            Interlocked.Decrement(ref _takers);
        });
    });

    /// <summary>Publishes the lines one worker's reader has just read, in order.</summary>
    public void Write(IReadOnlyList<WorkerOutput> lines)
    {
        lock (_gate)
        {
            foreach (var line in lines)
            {
                _lines.Publish(line);
            }

            if (Volatile.Read(ref _takers) == 0)
            {
                PassThrough(lines);
            }
        }
    }

    public void Complete()
    {
        lock (_gate)
        {
            _lines.Complete();
        }
    }

    private void PassThrough(IReadOnlyList<WorkerOutput> lines)
    {
        foreach (var kind in (ReadOnlySpan<OutputKind>)[OutputKind.Stdout, OutputKind.Stderr])
        {
            var text = new StringBuilder();
            foreach (var line in lines.Where(l => l.Kind == kind))
            {
                text.Append(line.Line).Append('\n');
            }

            if (text.Length == 0)
            {
                continue;
            }

            try
            {
                var target = kind == OutputKind.Stdout ? stdout : stderr;
                target.Write(Encoding.UTF8.GetBytes(text.ToString()));
                target.Flush();
            }
            catch (IOException)
            {
                // The master's own stdout or stderr is gone (a closed pipe): there is nowhere left to pass lines to.
            }
        }
    }
}
