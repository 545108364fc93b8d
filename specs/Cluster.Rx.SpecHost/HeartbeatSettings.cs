using System.Globalization;

namespace Cluster.Rx.SpecHost;

/// <summary>
/// <c>CODE_HEARTBEAT_TIMEOUT</c> (ms): <c>Set("heartbeat timeout", n)</c>. <see cref="StarvePool"/> is what the
/// workers' <c>/starve</c> does (see <see cref="HttpApp"/>).
/// </summary>
internal static class HeartbeatSettings
{
    public static void Apply(Master master)
    {
        if (Environment.GetEnvironmentVariable("CODE_HEARTBEAT_TIMEOUT") is { Length: > 0 } timeout)
        {
            master.Set("heartbeat timeout", int.Parse(timeout, NumberStyles.Integer, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Blocks every thread of this process's thread pool for good (the pool may not grow past its minimum), from a
    /// thread of its own, and prints <c>starved PID</c>: the process runs on, but nothing on the pool ever runs
    /// again — as in a worker whose app deadlocked its thread pool.
    /// </summary>
    public static void StarvePool() => new Thread(() =>
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMaxThreads(workers, io);
        var never = new ManualResetEventSlim();
        for (var i = 0; i < workers * 4; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ => never.Wait(), null);
        }

        Output.Line($"starved {Environment.ProcessId}");
    }) { IsBackground = true, Name = "spec host: pool starver" }.Start();
}
