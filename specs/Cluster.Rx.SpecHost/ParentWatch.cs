using Mono.Unix.Native;

namespace Cluster.Rx.SpecHost;

/// <summary>
/// A safety net for the spec run: when the process that started the master (the test host, named by
/// <c>SPEC_PARENT_PID</c>) goes away without cleaning up, the master destroys its cluster, so no spec run
/// leaves servers behind.
/// </summary>
internal static class ParentWatch
{
    private static Timer? s_timer;

    public static void Start(Master master)
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("SPEC_PARENT_PID"), out var parent))
        {
            return;
        }

        s_timer = new Timer(_ =>
        {
            if (Syscall.getppid() == parent)
            {
                return;
            }

            Console.Error.WriteLine($"spec host: the spec process {parent} is gone; destroying the cluster");
            try
            {
                master.Destroy();
            }
            catch (InvalidOperationException)
            {
                Environment.Exit(3);
            }
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }
}
