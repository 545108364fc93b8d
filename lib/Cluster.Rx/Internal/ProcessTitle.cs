using System.Globalization;
using System.Text;

namespace Cluster.Rx.Internal;

/// <summary>
/// Sets the process title shown by <c>ps -o comm=</c> and <c>top</c>: the kernel's <c>comm</c>, which holds
/// 15 bytes. Written through <c>/proc/self/comm</c>, which names the process's main thread whatever thread
/// writes it.
/// </summary>
internal static class ProcessTitle
{
    /// <summary>The longest title the kernel keeps, in bytes.</summary>
    public const int MaxBytes = 15;

    public static void Set(string title, ClusterLog log)
    {
        try
        {
            File.WriteAllText("/proc/self/comm", title);
        }
        catch (IOException e)
        {
            log.Write(LogEvents.TitleNotSet, title, e.Message);
        }
    }

    /// <summary>
    /// The title of worker <paramref name="id"/> from <paramref name="template"/> (<c>{n}</c> = id), made to fit
    /// <see cref="MaxBytes"/> by shortening the text before the id, so every worker stays told apart:
    /// <c>cluster worker {n}</c> gives <c>cluster worker0</c>, <c>cluster worke12</c>.
    /// </summary>
    public static string ForWorker(string template, int id) => ForWorker(template, id.ToString(CultureInfo.InvariantCulture));

    /// <summary>The title of a standby: <paramref name="template"/> with <c>{n}</c> = <c>standby</c> (<c>cluster wstandby</c>).</summary>
    public static string ForStandby(string template) => ForWorker(template, "standby");

    private static string ForWorker(string template, string number)
    {
        var title = template.Replace("{n}", number, StringComparison.Ordinal);
        var at = template.IndexOf("{n}", StringComparison.Ordinal);
        if (Encoding.UTF8.GetByteCount(title) <= MaxBytes || at < 0)
        {
            return title;
        }

        var suffix = template[(at + 3)..].Replace("{n}", number, StringComparison.Ordinal);
        var room = MaxBytes - Encoding.UTF8.GetByteCount(number + suffix);
        if (room <= 0)
        {
            return title;
        }

        var prefix = template[..at];
        while (Encoding.UTF8.GetByteCount(prefix) > room)
        {
            prefix = prefix[..^1];
        }

        return prefix + number + suffix;
    }
}
