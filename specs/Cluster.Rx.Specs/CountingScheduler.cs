using System.Reactive.Concurrency;

namespace Cluster.Rx.Specs;

/// <summary>Passes every piece of work on to another scheduler and counts it: how often the code under test wakes.</summary>
internal sealed class CountingScheduler(IScheduler inner) : IScheduler
{
    /// <summary>How many pieces of work were scheduled through this scheduler.</summary>
    public int Scheduled { get; private set; }

    public DateTimeOffset Now => inner.Now;

    public IDisposable Schedule<TState>(TState state, Func<IScheduler, TState, IDisposable> action)
    {
        Scheduled++;
        return inner.Schedule(state, action);
    }

    public IDisposable Schedule<TState>(TState state, TimeSpan dueTime, Func<IScheduler, TState, IDisposable> action)
    {
        Scheduled++;
        return inner.Schedule(state, dueTime, action);
    }

    public IDisposable Schedule<TState>(TState state, DateTimeOffset dueTime, Func<IScheduler, TState, IDisposable> action)
    {
        Scheduled++;
        return inner.Schedule(state, dueTime, action);
    }
}
