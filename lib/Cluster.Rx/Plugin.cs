namespace Cluster.Rx;

/// <summary>
/// A plugin: a function of the master that composes operators onto its streams and returns what to dispose
/// when the master closes. Attached when <see cref="Master.RunAsync"/> starts, before the first event.
/// </summary>
public sealed class Plugin
{
    private readonly Func<Master, IDisposable> _attach;

    private Plugin(string name, Func<Master, IDisposable> attach, bool runsInWorkers)
    {
        Name = name;
        _attach = attach;
        RunsInWorkers = runsInWorkers;
    }

    /// <summary>The plugin's name, used in error messages.</summary>
    public string Name { get; }

    /// <summary>True when the plugin is attached in workers too, not only in the master.</summary>
    public bool RunsInWorkers { get; }

    /// <summary>Creates a plugin from the function that attaches it.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="attach">Subscribes to the master's streams; returns what to dispose when the master closes.</param>
    /// <param name="runsInWorkers">Also attach it in worker processes.</param>
    public static Plugin Create(string name, Func<Master, IDisposable> attach, bool runsInWorkers = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(attach);
        return new Plugin(name, attach, runsInWorkers);
    }

    internal IDisposable Attach(Master master)
    {
        try
        {
            return _attach(master);
        }
        catch (Exception e) when (e is not ClusterException)
        {
            throw new ClusterException($"plugin '{Name}' failed to start: {e.Message}", e);
        }
    }
}
