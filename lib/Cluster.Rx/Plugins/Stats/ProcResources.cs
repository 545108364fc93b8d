using System.Globalization;

namespace Cluster.Rx;

/// <summary>The machine's resources from <c>/proc/loadavg</c>, <c>/proc/meminfo</c> and <see cref="Environment.ProcessorCount"/>.</summary>
internal sealed class ProcResources : IResourceProbe
{
    private ProcResources()
    {
    }

    public static ProcResources Instance { get; } = new();

    public int Cores => Environment.ProcessorCount;

    public LoadAverage? LoadAverage() => ReadFile("/proc/loadavg") is { } text ? ParseLoadAverage(text) : null;

    public MemoryStats? Memory() => ReadFile("/proc/meminfo") is { } text ? ParseMemory(text) : null;

    /// <summary>The first three fields of <c>/proc/loadavg</c> (<c>0.35 0.23 0.15 1/123 4567</c>); null when they are not numbers.</summary>
    internal static LoadAverage? ParseLoadAverage(string text)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 3 && Number(fields[0]) is { } one && Number(fields[1]) is { } five && Number(fields[2]) is { } fifteen
            ? new LoadAverage(one, five, fifteen)
            : null;
    }

    /// <summary><c>MemAvailable</c> and <c>MemTotal</c> of <c>/proc/meminfo</c> (in kB there), in bytes; null when either is missing.</summary>
    internal static MemoryStats? ParseMemory(string text)
    {
        long? available = null;
        long? total = null;
        foreach (var line in text.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes))
            {
                continue;
            }

            switch (fields[0])
            {
                case "MemAvailable:":
                    available = kilobytes * 1024;
                    break;
                case "MemTotal:":
                    total = kilobytes * 1024;
                    break;
            }
        }

        return available is { } free && total is { } all ? new MemoryStats(free, all) : null;
    }

    private static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string? ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
