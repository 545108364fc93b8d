using System.Collections.Concurrent;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using Cluster.Rx.Internal;

namespace Cluster.Rx.Extensibility;

/// <summary>
/// What the master shares with its plugins — the output router, the channels, the command registry, the paths they
/// write — and the attaching of each plugin with a context of its own. Disposing detaches them, in reverse order;
/// a plugin that throws on the way out is logged.
/// </summary>
internal sealed class PluginHost(Master master, IScheduler scheduler, OutputRouter output, MasterChannels channels, ClusterLog log) : IDisposable
{
    private readonly ConcurrentDictionary<string, byte> _written = new(StringComparer.Ordinal);
    private readonly Stack<(string Name, IDisposable Resources)> _attached = new();

    public OutputRouter Output => output;

    public MasterChannels Channels => channels;

    public CommandRegistry Commands { get; } = new();

    public IReadOnlyCollection<string> WrittenPaths => [.. _written.Keys];

    /// <summary>Attaches every plugin, in order.</summary>
    /// <exception cref="ClusterException">A plugin failed to attach (the message names it); those attached before are detached.</exception>
    public void Attach(IEnumerable<Plugin> plugins)
    {
        foreach (var plugin in plugins)
        {
            try
            {
                _attached.Push((plugin.Name, plugin.Attach(new MasterPluginContext(plugin.Name, master, this, Isolate(plugin.Name), log))));
            }
            catch (ClusterException)
            {
                Dispose();
                throw;
            }
        }
    }

    public void Writes(string path) => _written.TryAdd(Path.GetFullPath(path), 0);

    public void Dispose()
    {
        while (_attached.TryPop(out var plugin))
        {
            try
            {
                plugin.Resources.Dispose();
            }
            catch (Exception e)
            {
                log.Write(LogEvents.PluginStopFailed, plugin.Name, e);
            }
        }
    }

    /// <summary>The master's loop, for one plugin: an exception that escapes an action it scheduled is logged, not fatal.</summary>
    private IScheduler Isolate(string name) => scheduler.Catch<Exception>(e =>
    {
        log.Write(LogEvents.PluginThrew, name, e);
        return true;
    });
}
