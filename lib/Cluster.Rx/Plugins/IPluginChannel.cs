namespace Cluster.Rx;

/// <summary>
/// The master's end of a plugin's typed message channel to and from its workers, over the cluster's IPC (each
/// message one frame, its JSON as the channel's type info writes it). Both ends name the channel the same.
/// </summary>
/// <typeparam name="T">The message type.</typeparam>
public interface IPluginChannel<T>
{
    /// <summary>
    /// Messages from workers; hot, on <see cref="IPluginContext.Scheduler"/>, one at a time, in the order each
    /// worker sent them; completes when the master has closed. A message that is not valid JSON for the type is
    /// logged and dropped.
    /// </summary>
    IObservable<PluginMessage<T>> Received { get; }

    /// <summary>Sends <paramref name="message"/> to worker <paramref name="workerId"/>; thread-safe.</summary>
    /// <returns>False when no serving worker has that id or it has not connected yet.</returns>
    bool Send(int workerId, T message);

    /// <summary>Sends <paramref name="message"/> to every serving worker that has connected; thread-safe.</summary>
    void Broadcast(T message);
}
