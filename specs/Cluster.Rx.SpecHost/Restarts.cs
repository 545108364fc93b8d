using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Mono.Unix.Native;

namespace Cluster.Rx.SpecHost;

/// <summary>
/// The master's side of restarts, for the specs. Every master carries a generation (1 in the first master) across
/// restarts in the snapshot: <see cref="Master.Restarting"/> patches it with <c>generation</c> and <c>from</c> (this
/// master's pid), and the new master, on <see cref="Master.Restarted"/>, takes generation + 1 and prints
/// <c>restarted PREVIOUS_PID GENERATION SNAPSHOT_JSON</c>. With <c>handleSignals</c> (the <c>restart</c> scenario),
/// SIGHUP calls <see cref="Master.RestartWorkers"/> and SIGUSR1 calls <see cref="Master.Restart"/>, so the specs
/// drive the programmatic API as well as SIGUSR2, which the library handles itself.
/// </summary>
internal static class Restarts
{
    private const int SIGHUP = 1;
    private const int SIGUSR1 = 10;

    // Kept alive for the life of the process: a collected registration stops handling its signal.
    private static readonly List<IDisposable> s_registrations = [];
    private static int s_generation = 1;

    /// <summary>Gives SIGHUP and SIGUSR1 back their default action if this process was started with them ignored.</summary>
    public static void ClaimSignals()
    {
        Stdlib.SetSignalAction(Signum.SIGHUP, SignalAction.Default);
        Stdlib.SetSignalAction(Signum.SIGUSR1, SignalAction.Default);
    }

    public static void Attach(Master master, bool handleSignals)
    {
        var pid = Environment.ProcessId;
        master.Restarting.Subscribe(e =>
        {
            e.Snapshot["generation"] = Volatile.Read(ref s_generation);
            e.Snapshot["from"] = pid;
        });
        master.Restarted.Subscribe(e =>
        {
            var previous = e.Snapshot["generation"] is JsonValue value && value.TryGetValue<int>(out var given) ? given : 0;
            Volatile.Write(ref s_generation, previous + 1);
            Output.Line(string.Create(CultureInfo.InvariantCulture, $"restarted {e.PreviousMasterPid} {previous + 1} {e.Snapshot.ToJsonString()}"));
        });

        if (handleSignals)
        {
            s_registrations.Add(Handle(SIGHUP, "RestartWorkers", () => master.RestartWorkers()));
            s_registrations.Add(Handle(SIGUSR1, "Restart", () => master.Restart()));
        }
    }

    private static PosixSignalRegistration Handle(int signal, string operation, Action action) =>
        PosixSignalRegistration.Create((PosixSignal)signal, context =>
        {
            context.Cancel = true;
            try
            {
                action();
                Output.Line($"asked {operation}");
            }
            catch (InvalidOperationException e)
            {
                // A signal that comes before the master runs: say so, never crash the spec's cluster.
                Output.Line($"refused {operation} {e.Message.ReplaceLineEndings(" ")}");
            }
        });
}
