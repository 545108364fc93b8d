using System.Reactive.Concurrency;
using System.Text.Json.Serialization.Metadata;

namespace Cluster.Rx;

/// <summary>What a plugin's worker part gets (see <see cref="Plugin.InWorkers"/>).</summary>
public interface IWorkerPluginContext
{
    /// <summary>The plugin's name.</summary>
    string Name { get; }

    /// <summary>This worker's id.</summary>
    int WorkerId { get; }

    /// <summary>Cancelled when the worker is told to stop (as <see cref="Master.Stopping"/>).</summary>
    CancellationToken Stopping { get; }

    /// <summary>For the plugin's timers; an exception that escapes an action scheduled on it is logged with the plugin's name.</summary>
    IScheduler Scheduler { get; }

    /// <summary>What the worker's server does: connections opened and closed, requests done (counted by the server).</summary>
    ServerActivity Activity { get; }

    /// <summary>This worker's end of the plugin message channel <paramref name="name"/> (see <see cref="IPluginContext.Channel{T}"/>).</summary>
    /// <exception cref="ArgumentException">The name is empty, longer than 200 bytes in UTF-8, or already taken by another type.</exception>
    IMasterChannel<T> Channel<T>(string name, JsonTypeInfo<T> type);
}
