using System.Reactive.Concurrency;
using System.Text.Json.Serialization.Metadata;
using Cluster.Rx.Internal;

namespace Cluster.Rx.Extensibility;

/// <summary>One plugin's view of a worker.</summary>
internal sealed class WorkerPluginContext(string name, int workerId, CancellationToken stopping, ServerActivity activity, WorkerChannels channels, ClusterLog log) : IWorkerPluginContext
{
    public string Name => name;

    public int WorkerId => workerId;

    public CancellationToken Stopping => stopping;

    public IScheduler Scheduler { get; } = DefaultScheduler.Instance.Catch<Exception>(e =>
    {
        log.Write(LogEvents.WorkerPluginThrew, name, workerId, e);
        return true;
    });

    public ServerActivity Activity => activity;

    public IMasterChannel<T> Channel<T>(string channel, JsonTypeInfo<T> type) => channels.Open(channel, type);
}
