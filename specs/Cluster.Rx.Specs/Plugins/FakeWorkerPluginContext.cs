using System.Reactive.Concurrency;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs;

/// <summary>
/// A plugin's view of a worker without a process: a <see cref="ServerActivity"/> a spec counts on, a
/// <see cref="TestScheduler"/> (through which every piece of work the plugin schedules is counted), and channels that
/// record what the plugin sends (each a <see cref="FakeMasterChannel{T}"/>).
/// </summary>
internal sealed class FakeWorkerPluginContext : IWorkerPluginContext
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TestScheduler _scheduler;
    private readonly CountingScheduler _counting;

    public FakeWorkerPluginContext(TestScheduler scheduler, int workerId = 0, string name = "fake")
    {
        _scheduler = scheduler;
        WorkerId = workerId;
        Name = name;
        _counting = new CountingScheduler(scheduler);
    }

    public string Name { get; }

    public int WorkerId { get; }

    public CancellationToken Stopping => _stopping.Token;

    public IScheduler Scheduler => _counting;

    /// <summary>How many pieces of work the plugin scheduled on <see cref="Scheduler"/>.</summary>
    public int Scheduled => _counting.Scheduled;

    public ServerActivity Activity { get; } = new();

    /// <summary>The channels the plugin opened, by name.</summary>
    public Dictionary<string, object> Channels { get; } = [];

    public IMasterChannel<T> Channel<T>(string channel, JsonTypeInfo<T> type)
    {
        if (!Channels.TryGetValue(channel, out var open))
        {
            Channels[channel] = open = new FakeMasterChannel<T>(() => _scheduler.Clock);
        }

        return (FakeMasterChannel<T>)open;
    }

    /// <summary>The channel named <paramref name="channel"/>, opened now if the plugin has not.</summary>
    public FakeMasterChannel<T> ChannelOf<T>(string channel) => (FakeMasterChannel<T>)Channel<T>(channel, null!);

    /// <summary>Counts <paramref name="count"/> requests on connections of their own, each opened and closed.</summary>
    public void Serve(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Activity.ConnectionOpened();
            Activity.RequestDone();
            Activity.ConnectionClosed();
        }
    }
}
