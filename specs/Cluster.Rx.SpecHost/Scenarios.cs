using System.Globalization;
using Cluster.Rx.Http;

namespace Cluster.Rx.SpecHost;

/// <summary>Builds the cluster of each scenario, with the settings the specs pass in environment variables.</summary>
internal static class Scenarios
{
    public const string Usage =
        "usage: Cluster.Rx.SpecHost http | slow | throw | crash | abstract | env | unix PATH | cwd DIR | user NAME | restart | webapp ARGS | service ARGS\n" +
        "  environment: WORKERS, TIMEOUT (ms), TITLE, WORKER_TITLE, SOCKET_PATH, PORT (default 0), JOB_MS (abstract, default 1000),\n" +
        "  RESTART_THRESHOLD and RESTART_TIMEOUT (ms; the restart scenario's threshold defaults to 0), READY_TIMEOUT (ms),\n" +
        "  BROKEN_WHEN (a path: while that file exists, workers throw at start, as a broken deploy's would),\n" +
        "  THROWING_SUBSCRIBER=1 (the master's first subscribers throw on every event),\n" +
        "  LOOP_FAULT=1 (an exception on the master's event loop once the first worker serves),\n" +
        "  DEBUG_PLUGIN=1|nocolor (Plugins.Debug), LOGGER_PATH=DIR and LOGGER_LEVEL (Plugins.Logger),\n" +
        "  ACCESS_LOG=1 (every request prints `access ID METHOD PATH` on stdout; /log?line=TEXT prints `out TEXT` on stdout, `err TEXT` on stderr),\n" +
        "  SEAM_PLUGIN=1|fail|answer (the seam plugin, see SeamPlugin),\n" +
        "  PIDFILES_PATH (Plugins.PidFiles there; the master prints 'pidof ID MASTER WORKER', PidOf's answers, at each connection),\n" +
        "  RELOAD_PATH (Plugins.Reload on these ':'-separated paths), RELOAD_SIGNAL (its signal, e.g. SIGTERM)\n" +
        "  CLI=1 (Plugins.Cli, with PIDFILES_PATH; the command follows the scenario, `http status` (restart is a command); defines hello: prints `hello ARGS`, exit 5)\n" +
        "  REPL_PATH (Plugins.Repl on that Unix socket) or REPL_PORT and REPL_HOST (on TCP); with either, the commands mark(text) and sleep(ms)\n" +
        "  STATS=1 (Plugins.Stats(true, true); the master prints 'totals REQUESTS CONNECTIONS' as they change, SIGUSR1 prints 'stats JSON', SIGHUP rolls the workers)\n" +
        "  ILOGGER=1 (UseLoggerFactory: entries printed as `ilogger LEVEL ID NAME k=v|… : MESSAGE`), METER=1 (the master prints `metric NAME VALUE CAUSE` and `gauge NAME VALUE`)\n" +
        "  CODE_HEARTBEAT_TIMEOUT (ms: 'heartbeat timeout'; a worker's /starve blocks its thread pool, see HeartbeatSettings)\n" +
        "  restart: http, where SIGHUP calls master.RestartWorkers() and SIGUSR1 master.Restart()\n" +
        "  webapp, service: an ASP.NET Core app and a Generic Host clustered with RunClusterAsync (see HostedApps); CODE_WORKERS, CODE_PORT, STOP_ITSELF=1";

    private static readonly string[] Known = ["http", "slow", "throw", "crash", "abstract", "env", "unix", "cwd", "user", "restart"];

    public static bool IsKnown(string scenario) => Known.Contains(scenario);

    public static Master Create(string[] args)
    {
        var scenario = args[0];
        var master = scenario switch
        {
            "abstract" => Master.Create(),
            "crash" => Master.Create(() => throw new InvalidOperationException("spec host: the server cannot start (crash scenario)")),
            _ => Master.Create(() => Deploy.Check() ?? HttpServer.Create(HttpApp.HandleAsync)),
        };

        ApplySettings(master);
        PluginSettings.Apply(master);
        switch (scenario)
        {
            case "env":
                master.In("development").Set("workers", 1)
                    .In("production").Set("workers", 2)
                    .In("all");
                break;
            case "cwd":
                master.Set("working directory", Argument(args));
                break;
            case "user":
                master.Set("user", Argument(args));
                break;
            case "restart" when !master.Has("restart threshold"):
                // Restarts at once, however soon after start-up the specs ask.
                master.Set("restart threshold", 0);
                break;
        }

        return scenario switch
        {
            "abstract" => master.Start(),
            "unix" => master.Listen(Argument(args)),
            _ => master.Listen(Number("PORT") ?? 0, "127.0.0.1"),
        };
    }

    private static void ApplySettings(Master master)
    {
        if (Number("WORKERS") is int workers)
        {
            master.Set("workers", workers);
        }

        if (Number("TIMEOUT") is int timeout)
        {
            master.Set("timeout", timeout);
        }

        if (Text("TITLE") is { } title)
        {
            master.Set("title", title);
        }

        if (Text("WORKER_TITLE") is { } workerTitle)
        {
            master.Set("worker title", workerTitle);
        }

        if (Number("RESTART_THRESHOLD") is int threshold)
        {
            master.Set("restart threshold", threshold);
        }

        if (Number("RESTART_TIMEOUT") is int restartTimeout)
        {
            master.Set("restart timeout", restartTimeout);
        }

        if (Number("READY_TIMEOUT") is int readyTimeout)
        {
            master.Set("ready timeout", readyTimeout);
        }

        if (Text("SOCKET_PATH") is { } socketPath)
        {
            master.Set("socket path", socketPath);
        }
    }

    private static string Argument(string[] args) =>
        args.Length > 1 ? args[1] : throw new ArgumentException($"scenario '{args[0]}' needs an argument.\n{Usage}");

    private static string? Text(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static int? Number(string name) =>
        Text(name) is { } text ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;
}
