namespace Cluster.Rx;

/// <summary>A worker's end of a plugin's typed message channel to and from the master (see <see cref="IPluginChannel{T}"/>).</summary>
/// <typeparam name="T">The message type.</typeparam>
public interface IMasterChannel<T>
{
    /// <summary>
    /// Messages from the master; hot, on the worker's IPC reader, one at a time, in order; completes when the
    /// worker's channel to the master ends. A message that is not valid JSON for the type is logged and dropped.
    /// </summary>
    IObservable<T> Received { get; }

    /// <summary>Sends <paramref name="message"/> to the master; thread-safe.</summary>
    /// <returns>False once the channel to the master has closed.</returns>
    bool Send(T message);
}
