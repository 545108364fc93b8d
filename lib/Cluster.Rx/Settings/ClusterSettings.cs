namespace Cluster.Rx.Settings;

/// <summary>
/// The settings of a cluster, keyed as in <see cref="Master.Set"/>, with their defaults and validation in one place.
/// </summary>
internal sealed class ClusterSettings
{
    internal const int MaxWorkers = 1024;

    private static readonly IReadOnlyList<string> Keys =
    [
        "workers", "working directory", "backlog", "socket path", "timeout", "title", "worker title", "user", "group",
        "restart threshold", "restart timeout",
    ];

    private readonly HashSet<string> _explicit = new(StringComparer.Ordinal);

    /// <summary>Settings with the defaults of <paramref name="environment"/> (restart delays are shorter in development).</summary>
    public ClusterSettings(string environment = "Production")
    {
        var development = environment.Equals("development", StringComparison.OrdinalIgnoreCase);
        RestartThreshold = RestartTimeout = TimeSpan.FromSeconds(development ? 5 : 60);
    }

    /// <summary>Number of workers. Defaults to the processor count.</summary>
    public int Workers { get; private set; } = Environment.ProcessorCount;

    /// <summary>Working directory of the master and its workers. Defaults to the program's directory.</summary>
    public string WorkingDirectory { get; private set; } = AppContext.BaseDirectory;

    /// <summary>Listen backlog of the shared socket. Defaults to 128.</summary>
    public int Backlog { get; private set; } = 128;

    /// <summary>Directory of the master's IPC socket. Defaults to <c>./</c> (the working directory).</summary>
    public string SocketPath { get; private set; } = "./";

    /// <summary>How long a worker may take to shut down gracefully. Defaults to 60 s.</summary>
    public TimeSpan Timeout { get; private set; } = TimeSpan.FromMilliseconds(60_000);

    /// <summary>The master's process title. Defaults to <c>cluster</c>.</summary>
    public string Title { get; private set; } = "cluster";

    /// <summary>The workers' process title, <c>{n}</c> standing for the id. Defaults to <c>cluster worker {n}</c>.</summary>
    public string WorkerTitle { get; private set; } = "cluster worker {n}";

    /// <summary>User (name or uid) the workers run as once they hold the socket; null to keep the master's.</summary>
    public string? User { get; private set; }

    /// <summary>Group (name or gid) the workers run as once they hold the socket; null to keep the master's.</summary>
    public string? Group { get; private set; }

    /// <summary>A restart asked for sooner than this after start-up is delayed (a cyclic restart). Defaults to 5 s in development, else 60 s.</summary>
    public TimeSpan RestartThreshold { get; private set; }

    /// <summary>How long a cyclic restart is delayed. Defaults to 5 s in development, else 60 s.</summary>
    public TimeSpan RestartTimeout { get; private set; }

    public static string ValidKeys => string.Join(", ", Keys.Select(k => $"'{k}'"));

    /// <summary>True when <paramref name="key"/> was given a value with <see cref="Set"/>.</summary>
    public bool Has(string key)
    {
        CheckKey(key);
        return _explicit.Contains(key);
    }

    /// <summary>Checks <paramref name="value"/> against <paramref name="key"/>; applies it when <paramref name="apply"/>.</summary>
    /// <exception cref="ArgumentException">The key is unknown or the value does not fit it.</exception>
    public void Set(string key, object value, bool apply = true)
    {
        CheckKey(key);
        ArgumentNullException.ThrowIfNull(value);
        Action assign = key switch
        {
            "workers" => Assign(WholeNumber(key, value, 1, MaxWorkers), v => Workers = v),
            "backlog" => Assign(WholeNumber(key, value, 1, 65535), v => Backlog = v),
            "timeout" => Assign(Milliseconds(key, value), v => Timeout = v),
            "restart threshold" => Assign(Milliseconds(key, value), v => RestartThreshold = v),
            "restart timeout" => Assign(Milliseconds(key, value), v => RestartTimeout = v),
            "working directory" => Assign(Text(key, value), v => WorkingDirectory = v),
            "socket path" => Assign(Text(key, value), v => SocketPath = v),
            "title" => Assign(Text(key, value), v => Title = v),
            "worker title" => Assign(Text(key, value), v => WorkerTitle = v),
            "user" => Assign(NameOrId(key, value), v => User = v),
            "group" => Assign(NameOrId(key, value), v => Group = v),
            _ => throw new InvalidOperationException($"No setter for '{key}'."),
        };
        if (apply)
        {
            assign();
            _explicit.Add(key);
        }
    }

    private static Action Assign<T>(T value, Action<T> set) => () => set(value);

    private static void CheckKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!Keys.Contains(key))
        {
            throw new ArgumentException($"Unknown setting '{key}'. Valid settings: {ValidKeys}.", nameof(key));
        }
    }

    private static int WholeNumber(string key, object value, int min, int max) => value switch
    {
        int i when i >= min && i <= max => i,
        long l when l >= min && l <= max => (int)l,
        _ => throw Invalid(key, value, $"a whole number from {min} to {max}"),
    };

    private static TimeSpan Milliseconds(string key, object value) => value switch
    {
        int i when i >= 0 => TimeSpan.FromMilliseconds(i),
        long l when l >= 0 && l <= int.MaxValue => TimeSpan.FromMilliseconds(l),
        TimeSpan t when t >= TimeSpan.Zero && t.TotalMilliseconds <= int.MaxValue => t,
        _ => throw Invalid(key, value, "a number of milliseconds (0 or more) or a non-negative TimeSpan"),
    };

    private static string Text(string key, object value) => value switch
    {
        string s when !string.IsNullOrWhiteSpace(s) => s,
        _ => throw Invalid(key, value, "a non-empty string"),
    };

    private static string NameOrId(string key, object value) => value switch
    {
        string s when !string.IsNullOrWhiteSpace(s) => s,
        int i when i >= 0 => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw Invalid(key, value, "a name (string) or a numeric id (int, 0 or more)"),
    };

    private static ArgumentException Invalid(string key, object value, string expected) =>
        new($"Setting '{key}' takes {expected}; got {Describe(value)}.", nameof(value));

    private static string Describe(object value) => value switch
    {
        string s => $"\"{s}\" (string)",
        _ => $"{value} ({value.GetType().Name})",
    };
}
