using System.Globalization;

namespace Cluster.Rx.SpecHost;

/// <summary>
/// Recycling, in code: <c>CODE_MAX_REQUESTS</c>, <c>CODE_MAX_REQUESTS_JITTER</c> and <c>CODE_MAX_MEMORY</c> (bytes)
/// set <c>max requests</c>, <c>max requests jitter</c> and <c>max memory</c>. <c>CODE_ALLOCATE_MB=N</c>: each worker
/// allocates N MiB at start and keeps it (every page written, so it is resident), to go over <c>max memory</c>.
/// </summary>
internal static class RecycleSettings
{
    private const int Mib = 1024 * 1024;

    private static readonly List<byte[]> Ballast = [];

    public static void Apply(Master master)
    {
        if (Number("CODE_MAX_REQUESTS") is long maxRequests)
        {
            master.Set("max requests", maxRequests);
        }

        if (Number("CODE_MAX_REQUESTS_JITTER") is long jitter)
        {
            master.Set("max requests jitter", jitter);
        }

        if (Number("CODE_MAX_MEMORY") is long maxMemory)
        {
            master.Set("max memory", maxMemory);
        }

        if (master.IsWorker && Number("CODE_ALLOCATE_MB") is long megabytes)
        {
            for (var i = 0; i < megabytes; i++)
            {
                var chunk = new byte[Mib];
                for (var page = 0; page < chunk.Length; page += 4096)
                {
                    chunk[page] = 1;
                }

                Ballast.Add(chunk);
            }
        }
    }

    private static long? Number(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;
}
