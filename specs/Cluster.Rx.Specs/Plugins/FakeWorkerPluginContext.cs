using System.Reactive.Concurrency;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs;

/// <summary>
/// A plugin's view of a worker without a process: a <see cref="ServerActivity"/> a spec counts on, a
/// <see cref="TestScheduler"/>, and channels that record what the plugin sends (each a <see cref="FakeMasterChannel{T}"/>).
/// </summary>
internal sealed class FakeWorkerPluginContext(TestScheduler scheduler, int workerId = 0, string name = "fake") : IWorkerPluginContext
{
    private readonly CancellationTokenSource _stopping = new();

    public string Name => name;

    public int WorkerId => workerId;

    public CancellationToken Stopping => _stopping.Token;

    public IScheduler Scheduler => scheduler;

    public ServerActivity Activity { get; } = new();

    /// <summary>The channels the plugin opened, by name.</summary>
    public Dictionary<string, object> Channels { get; } = [];

    public IMasterChannel<T> Channel<T>(string channel, JsonTypeInfo<T> type)
    {
        if (!Channels.TryGetValue(channel, out var open))
        {
            Channels[channel] = open = new FakeMasterChannel<T>(() => scheduler.Clock);
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
