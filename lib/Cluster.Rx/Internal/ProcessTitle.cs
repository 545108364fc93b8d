namespace Cluster.Rx.Internal;

/// <summary>
/// Sets the process title shown by <c>ps -o comm=</c> and <c>top</c>: the kernel's <c>comm</c>, which holds
/// 15 bytes (longer titles are cut there). Written through <c>/proc/self/comm</c>, which names the process's
/// main thread whatever thread writes it.
/// </summary>
internal static class ProcessTitle
{
    public static void Set(string title, ClusterLog log)
    {
        try
        {
            File.WriteAllText("/proc/self/comm", title);
        }
        catch (IOException e)
        {
            log.Warning($"cannot set the process title to '{title}': {e.Message}");
        }
    }
}
