namespace Cluster.Rx.SpecHost;

/// <summary>
/// The Debug and Logger plugins, when the spec asks for them: <c>DEBUG_PLUGIN=1</c> (colours asked for: they
/// still appear only on a terminal) or <c>DEBUG_PLUGIN=nocolor</c> uses <c>Plugins.Debug</c>; <c>LOGGER_PATH=DIR</c>
/// uses <c>Plugins.Logger(DIR, LOGGER_LEVEL)</c> (level <c>info</c> unless given).
/// </summary>
internal static class LoggingPlugins
{
    public static void UseDebug(Master master)
    {
        switch (Environment.GetEnvironmentVariable("DEBUG_PLUGIN"))
        {
            case "1":
                master.Use(Plugins.Debug());
                break;
            case "nocolor":
                master.Use(Plugins.Debug(colors: false));
                break;
        }
    }

    public static void UseLogger(Master master)
    {
        if (Environment.GetEnvironmentVariable("LOGGER_PATH") is { Length: > 0 } path)
        {
            master.Use(Plugins.Logger(path, Environment.GetEnvironmentVariable("LOGGER_LEVEL") is { Length: > 0 } level ? level : "info"));
        }
    }
}
