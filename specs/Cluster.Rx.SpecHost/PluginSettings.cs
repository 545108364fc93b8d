namespace Cluster.Rx.SpecHost;

/// <summary>The bundled plugins a spec asks for, each from environment variables of its own (see Scenarios.Usage).</summary>
internal static class PluginSettings
{
    public static void Apply(Master master)
    {
        // Each bundled plugin's variables are read by its own file in this folder, one line each here.
        SeamPlugin.Apply(master);
        FilePlugins.UsePidFiles(master);
        FilePlugins.UseReload(master);
        LoggingPlugins.UseDebug(master);
        LoggingPlugins.UseLogger(master);
        CliPlugin.UseCli(master);
        ConsolePlugins.UseRepl(master);
        StatsPlugin.Use(master);
        ObservabilitySettings.Apply(master);
        HeartbeatSettings.Apply(master);
        StandbySettings.Apply(master);
    }
}
