namespace Cluster.Rx;

/// <summary>A message a worker sent on a plugin channel (see <see cref="IPluginChannel{T}"/>).</summary>
/// <typeparam name="T">The channel's message type.</typeparam>
/// <param name="From">The worker that sent it.</param>
/// <param name="Message">The message.</param>
public sealed record PluginMessage<T>(Worker From, T Message);
