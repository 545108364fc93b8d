using System.Globalization;
using System.Reactive.Disposables;
using System.Reactive.Linq;

namespace Cluster.Rx.SpecHost;

/// <summary>
/// The Stats plugin, when <c>STATS=1</c>: <c>Plugins.Stats(connections: true, requests: true)</c>, and a probe beside
/// it in the master that prints <c>totals REQUESTS CONNECTIONS</c> whenever the cluster's totals in its snapshots
/// change (<c>StatsObservable.Stats</c>), answers SIGUSR1 with <c>stats JSON</c> (the <c>stats</c> command's JSON, on one
/// line) and SIGHUP with a roll of the workers (<c>RestartWorkers</c>). For the <c>http</c> scenario (the
/// <c>restart</c> scenario claims SIGHUP and SIGUSR1 for itself).
/// </summary>
internal static class StatsPlugin
{
    public static void Use(Master master)
    {
        if (Environment.GetEnvironmentVariable("STATS") != "1")
        {
            return;
        }

        master.Use(Plugins.Stats(connections: true, requests: true));
        master.Use(Plugin.Create("stats-probe", Attach));
    }

    private static IDisposable Attach(IPluginContext context) => new CompositeDisposable(
        context.Stats()
            .Select(s => (s.Master.Requests, s.Master.ConnectionsTotal))
            .DistinctUntilChanged()
            .Subscribe(t => Output.Line(string.Create(CultureInfo.InvariantCulture, $"totals {t.Requests} {t.ConnectionsTotal}"))),
        context.Signals(Signal.SIGUSR1)
            .SelectMany(_ => Observable.FromAsync(() => context.Commands.Find("stats")!.Run(new CommandCall(context, []))))
            .Subscribe(answer => Output.Line($"stats {CommandAnswer.From(answer).Json?.ToJsonString()}")),
        context.Signals(Signal.SIGHUP).Subscribe(_ => context.RestartWorkers()));
}
