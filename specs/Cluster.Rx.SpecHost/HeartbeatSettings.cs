using System.Globalization;

namespace Cluster.Rx.SpecHost;

/// <summary>
/// <c>CODE_HEARTBEAT_TIMEOUT</c> (ms): <c>Set("heartbeat timeout", n)</c>. <c>STARVE_POOL_ONCE=PATH</c>: the first
/// worker to create the file PATH (and only it) blocks every thread of its thread pool
/// <c>STARVE_POOL_AFTER_MS</c> (default 1000) after it started, so it sends no heartbeat any more while its process
/// runs on; its replacement finds the file there and serves normally.
/// </summary>
internal static class HeartbeatSettings
{
    public static void Apply(Master master)
    {
        if (Environment.GetEnvironmentVariable("CODE_HEARTBEAT_TIMEOUT") is { Length: > 0 } timeout)
        {
            master.Set("heartbeat timeout", int.Parse(timeout, NumberStyles.Integer, CultureInfo.InvariantCulture));
        }

        if (master.IsWorker && Environment.GetEnvironmentVariable("STARVE_POOL_ONCE") is { Length: > 0 } path && Claim(path))
        {
            var after = Environment.GetEnvironmentVariable("STARVE_POOL_AFTER_MS") is { Length: > 0 } ms
                ? int.Parse(ms, NumberStyles.Integer, CultureInfo.InvariantCulture)
                : 1000;
            new Thread(() => StarvePool(after)) { IsBackground = true, Name = "spec host: pool starver" }.Start();
        }
    }

    private static bool Claim(string path)
    {
        try
        {
            using var claimed = new FileStream(path, FileMode.CreateNew);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void StarvePool(int afterMs)
    {
        // A thread of its own sleeps: the point is what the thread pool can no longer do.
        Thread.Sleep(afterMs);
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMaxThreads(workers, io);
        var never = new ManualResetEventSlim();
        for (var i = 0; i < workers * 4; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ => never.Wait(), null);
        }

        Output.Line($"starved {Environment.ProcessId}");
    }
}
