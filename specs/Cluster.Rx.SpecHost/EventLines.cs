using System.Globalization;
using System.Net;
using System.Reactive.Linq;

namespace Cluster.Rx.SpecHost;

/// <summary>
/// The master's events as one line each on stdout, for the specs to parse:
/// <c>started PID</c> (the master's pid; each master of a restart prints its own), <c>listening PORT|PATH</c>,
/// <c>spawned ID PID</c>, <c>connected ID PID</c>, <c>killed ID PID CODE</c>, <c>exception ID TYPE MESSAGE</c>,
/// <c>waiting ID N</c>, <c>timeout ID</c>, <c>hung ID PID SILENCE_MS</c>, <c>recycled ID PID REASON DETAIL</c>, <c>removed ID PID</c>, <c>killing SIGNAL</c>, <c>cyclic restart MS</c>,
/// <c>restarting PID</c>, <c>restart failed PID CODE EXCEPTION_TYPE|- REASON</c>, <c>closing STATE</c>, <c>closed CODE</c>. <see cref="Restarted"/> is printed by <see cref="Restarts"/>, which knows the generation.
/// </summary>
internal static class EventLines
{
    public static IDisposable Attach(Master master) =>
        master.Events.Where(e => e is not Restarted).Select(Format).Subscribe(Output.Line);

    private static string Format(ClusterEvent e) => e switch
    {
        Started started => $"started {started.MasterPid}",
        Listening listening => $"listening {Describe(listening.EndPoint)}",
        WorkerSpawned spawned => $"spawned {spawned.Id} {spawned.Pid}",
        WorkerConnected connected => $"connected {connected.Id} {connected.Pid}",
        WorkerKilled killed => $"killed {killed.Id} {killed.Pid} {killed.ExitCode}",
        WorkerException exception => $"exception {exception.Id} {exception.Type} {OneLine(exception.Message)}",
        WorkerWaiting waiting => $"waiting {waiting.Id} {waiting.Connections}",
        WorkerTimeout timeout => $"timeout {timeout.Id}",
        WorkerHung hung => $"hung {hung.Id} {hung.Pid} {(long)hung.Silence.TotalMilliseconds}",
        WorkerRecycled recycled => $"recycled {recycled.Id} {recycled.Pid} {recycled.Reason} {recycled.Detail}",
        WorkerRemoved removed => $"removed {removed.Id} {removed.Pid}",
        Killing killing => $"killing {killing.Signal}",
        CyclicRestart cyclic => $"cyclic restart {(int)cyclic.Delay.TotalMilliseconds}",
        Restarting => $"restarting {Environment.ProcessId}",
        RestartFailed failed => $"restart failed {failed.Pid} {failed.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-"} {failed.LastException?.Type ?? "-"} {OneLine(failed.Reason)}",
        Closing closing => $"closing {closing.State}",
        Closed closed => $"closed {closed.ExitCode}",
        _ => $"event {e.GetType().Name}",
    };

    private static string Describe(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint ip => ip.Port.ToString(CultureInfo.InvariantCulture),
        _ => endPoint.ToString() ?? string.Empty,
    };

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
