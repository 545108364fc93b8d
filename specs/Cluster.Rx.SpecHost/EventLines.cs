using System.Net;
using System.Reactive.Linq;

namespace Cluster.Rx.SpecHost;

/// <summary>
/// The master's events as one line each on stdout, for the specs to parse:
/// <c>master PID</c>, <c>listening PORT|PATH</c>, <c>spawned ID PID</c>, <c>connected ID PID</c>,
/// <c>killed ID PID CODE</c>, <c>exception ID TYPE MESSAGE</c>, <c>waiting ID N</c>, <c>timeout ID</c>,
/// <c>removed ID PID</c>, <c>killing SIGNAL</c>, <c>closing STATE</c>, <c>closed CODE</c>.
/// </summary>
internal static class EventLines
{
    public static IDisposable Attach(Master master) =>
        master.Events.Select(Format).Subscribe(Output.Line);

    private static string Format(ClusterEvent e) => e switch
    {
        Started started => $"master {started.MasterPid}",
        Listening listening => $"listening {Describe(listening.EndPoint)}",
        WorkerSpawned spawned => $"spawned {spawned.Id} {spawned.Pid}",
        WorkerConnected connected => $"connected {connected.Id} {connected.Pid}",
        WorkerKilled killed => $"killed {killed.Id} {killed.Pid} {killed.ExitCode}",
        WorkerException exception => $"exception {exception.Id} {exception.Type} {OneLine(exception.Message)}",
        WorkerWaiting waiting => $"waiting {waiting.Id} {waiting.Connections}",
        WorkerTimeout timeout => $"timeout {timeout.Id}",
        WorkerRemoved removed => $"removed {removed.Id} {removed.Pid}",
        Killing killing => $"killing {killing.Signal}",
        Closing closing => $"closing {closing.State}",
        Closed closed => $"closed {closed.ExitCode}",
        _ => $"event {e.GetType().Name}",
    };

    private static string Describe(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint ip => ip.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => endPoint.ToString() ?? string.Empty,
    };

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
