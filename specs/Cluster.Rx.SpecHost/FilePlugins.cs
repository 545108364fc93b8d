using System.Globalization;

namespace Cluster.Rx.SpecHost;

/// <summary>
/// The file plugins a spec asks for: <c>PIDFILES_PATH</c> uses <see cref="Plugins.PidFiles"/> and makes the master print
/// <c>pidof ID MASTER WORKER</c> at each <c>connected ID PID</c> (what <see cref="Master.PidOf"/> answers for
/// <c>master</c> and <c>worker.ID</c>, <c>-</c> for none); <c>RELOAD_PATH</c> (paths separated by ':') uses
/// <see cref="Plugins.Reload(IEnumerable{string}, Signal?, TimeSpan?, IEnumerable{string}?)"/>, with
/// <c>RELOAD_SIGNAL</c> (a signal name) when set.
/// </summary>
internal static class FilePlugins
{
    public static void UsePidFiles(Master master)
    {
        if (Environment.GetEnvironmentVariable("PIDFILES_PATH") is not { Length: > 0 } path)
        {
            return;
        }

        master.Use(Plugins.PidFiles(path));
        if (master.IsMaster)
        {
            master.WorkerConnected.Subscribe(connected => Output.Line(
                $"pidof {connected.Id} {Format(master.PidOf("master"))} {Format(master.PidOf($"worker.{connected.Id}"))}"));
        }
    }

    public static void UseReload(Master master)
    {
        if (Environment.GetEnvironmentVariable("RELOAD_PATH") is not { Length: > 0 } paths)
        {
            return;
        }

        Signal? signal = Environment.GetEnvironmentVariable("RELOAD_SIGNAL") is { Length: > 0 } name ? Enum.Parse<Signal>(name) : null;
        master.Use(Plugins.Reload(paths.Split(':'), signal));
    }

    private static string Format(int? pid) => pid?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
