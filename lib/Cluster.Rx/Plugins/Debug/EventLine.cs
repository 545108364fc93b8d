using System.Globalization;
using System.Net;

namespace Cluster.Rx;

/// <summary>
/// One cluster event in words, at a level, as the bundled plugins write it: <c>worker 0 spawned</c> (info),
/// <c>worker 2 died</c> (warning), … — the texts of the original node <c>cluster</c> debug plugin.
/// <see cref="Plugins.Debug"/> prints these on stderr and <see cref="Plugins.Logger"/> writes them to <c>master.log</c>.
/// </summary>
/// <param name="Timestamp">When the event happened (its <see cref="ClusterEvent.Timestamp"/>).</param>
/// <param name="Level">How much it matters.</param>
/// <param name="Text">What happened, on one line.</param>
public sealed record EventLine(DateTimeOffset Timestamp, LineLevel Level, string Text)
{
    /// <summary>The line for <paramref name="e"/>, or null for an event that has none.</summary>
    public static EventLine? From(ClusterEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Describe(e) is var (level, text) ? new EventLine(e.Timestamp, level, text) : null;
    }

    private static (LineLevel, string)? Describe(ClusterEvent e) => e switch
    {
        Started => (LineLevel.Debug, "master started"),
        Listening listening => (LineLevel.Info, $"listening on {Address(listening.EndPoint)}"),
        WorkerSpawned spawned => (LineLevel.Info, $"worker {spawned.Id} spawned"),
        WorkerConnected connected => (LineLevel.Info, $"worker {connected.Id} connected"),
        WorkerKilled killed => (LineLevel.Warning, $"worker {killed.Id} died"),
        WorkerException exception => (LineLevel.Error, $"worker {exception.Id} uncaught exception {OneLine(exception.Message)}"),
        WorkerRemoved removed => (LineLevel.Info, $"worker {removed.Id} removed"),
        WorkerWaiting waiting => (LineLevel.Info, $"worker {waiting.Id} waiting on {waiting.Connections} connections"),
        WorkerTimeout timeout => (LineLevel.Warning, $"worker {timeout.Id} timed out"),
        WorkerHung hung => (LineLevel.Warning, string.Create(CultureInfo.InvariantCulture, $"worker {hung.Id} (pid {hung.Pid}) hung: silent for {hung.Silence.TotalSeconds:0.0} s, killed")),
        WorkerRecycled recycled => (LineLevel.Info, $"worker {recycled.Id} recycled ({recycled.Reason}: {recycled.Detail})"),
        Killing killing => (LineLevel.Warning, $"kill({killing.Signal})"),
        Closing => (LineLevel.Warning, "shutting down"),
        Closed => (LineLevel.Info, "shutdown complete"),
        Restarting => (LineLevel.Info, "restart requested"),
        Restarted => (LineLevel.Info, "restart complete"),
        RestartFailed failed => (LineLevel.Error, $"restart failed: {OneLine(failed.Reason)}{LastException(failed)}"),
        CyclicRestart cyclic => (LineLevel.Warning, $"cyclic restart detected, restarting in {(long)cyclic.Delay.TotalMilliseconds} ms"),
        _ => null,
    };

    private static string Address(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint ip => ip.ToString(),
        _ => endPoint.ToString() ?? endPoint.AddressFamily.ToString(),
    };

    private static string LastException(RestartFailed failed) =>
        failed.LastException is { } e ? string.Create(CultureInfo.InvariantCulture, $" (last worker exception: {e.Type}: {OneLine(e.Message)})") : string.Empty;

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
