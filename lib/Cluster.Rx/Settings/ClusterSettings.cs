using System.Globalization;

namespace Cluster.Rx.Settings;

/// <summary>
/// The settings of a cluster, keyed as in <see cref="Master.Set"/>, with their defaults and validation in one place.
/// </summary>
internal sealed class ClusterSettings
{
    private static readonly IReadOnlyList<string> Keys =
    [
        "workers", "working directory", "backlog", "socket path", "timeout", "title", "worker title", "user", "group",
        "restart threshold", "restart timeout", "ready timeout", "max respawn delay", "max boot failures",
        "standby", "heartbeat timeout", "max requests", "max requests jitter", "max memory", "spawn concurrency",
    ];

    private readonly HashSet<string> _explicit = new(StringComparer.Ordinal);

    /// <summary>Settings with the defaults of <paramref name="environment"/> (restart delays are shorter in development).</summary>
    public ClusterSettings(string environment = "Production")
    {
        var development = environment.Equals("development", StringComparison.OrdinalIgnoreCase);
        RestartThreshold = RestartTimeout = development ? ClusterDefaults.DevelopmentRestartDelay : ClusterDefaults.RestartDelay;
        HeartbeatTimeout = development ? TimeSpan.Zero : ClusterDefaults.HeartbeatTimeout;
    }

    /// <summary>Number of workers. Defaults to the processor count.</summary>
    public int Workers { get; private set; } = Environment.ProcessorCount;

    /// <summary>Working directory of the master and its workers. Defaults to the program's directory.</summary>
    public string WorkingDirectory { get; private set; } = AppContext.BaseDirectory;

    /// <summary>Listen backlog of the shared socket. Defaults to 128.</summary>
    public int Backlog { get; private set; } = ClusterDefaults.Backlog;

    /// <summary>Directory of the master's IPC socket. Defaults to <c>./</c> (the working directory).</summary>
    public string SocketPath { get; private set; } = ClusterDefaults.SocketPath;

    /// <summary>How long a worker may take to shut down gracefully. Defaults to 60 s.</summary>
    public TimeSpan Timeout { get; private set; } = ClusterDefaults.Timeout;

    /// <summary>The master's process title. Defaults to <c>cluster</c>.</summary>
    public string Title { get; private set; } = ClusterDefaults.Title;

    /// <summary>The workers' process title, <c>{n}</c> standing for the id. Defaults to <c>cluster worker {n}</c>.</summary>
    public string WorkerTitle { get; private set; } = ClusterDefaults.WorkerTitle;

    /// <summary>User (name or uid) the workers run as once they hold the socket; null to keep the master's.</summary>
    public string? User { get; private set; }

    /// <summary>Group (name or gid) the workers run as once they hold the socket; null to keep the master's.</summary>
    public string? Group { get; private set; }

    /// <summary>A restart asked for sooner than this after start-up is delayed (a cyclic restart). Defaults to 5 s in development, else 60 s.</summary>
    public TimeSpan RestartThreshold { get; private set; }

    /// <summary>How long a cyclic restart is delayed. Defaults to 5 s in development, else 60 s.</summary>
    public TimeSpan RestartTimeout { get; private set; }

    /// <summary>How long a new worker may take to connect before it is killed as a boot failure. Defaults to 60 s.</summary>
    public TimeSpan ReadyTimeout { get; private set; } = ClusterDefaults.ReadyTimeout;

    /// <summary>The longest wait before a dead worker is replaced. Defaults to 5 s.</summary>
    public TimeSpan MaxRespawnDelay { get; private set; } = ClusterDefaults.MaxRespawnDelay;

    /// <summary>Boot failures in a row, with no worker serving, after which the master gives up. Defaults to 10.</summary>
    public int MaxBootFailures { get; private set; } = ClusterDefaults.MaxBootFailures;

    /// <summary>
    /// Extra worker processes started and connected but not accepting, each ready to take a dead (or rolled, or
    /// recycled) worker's place at once. Defaults to 0.
    /// </summary>
    public int Standby { get; private set; }

    /// <summary>
    /// How long a serving worker may go without a heartbeat before it is killed as hung; zero turns heartbeats off.
    /// Defaults to 60 s, off in development (a debugger stopped at a breakpoint freezes the worker's timers).
    /// </summary>
    public TimeSpan HeartbeatTimeout { get; private set; }
    /// <summary>Requests a worker serves before it is recycled (plus its share of <see cref="MaxRequestsJitter"/>); 0 for no limit. Defaults to 0.</summary>
    public long MaxRequests { get; private set; }

    /// <summary>The most each worker adds to <see cref="MaxRequests"/>, drawn anew for each worker. Defaults to 0.</summary>
    public long MaxRequestsJitter { get; private set; }

    /// <summary>Resident memory (RSS), in bytes, over which a worker is recycled; 0 for no limit. Defaults to 0.</summary>
    public long MaxMemory { get; private set; }

    /// <summary>How many new workers may be starting (spawned, not connected yet) at once; 0 = no limit.</summary>
    public int SpawnConcurrency { get; private set; } = ClusterDefaults.SpawnConcurrency;

    /// <summary>Every setting's key, in the order they are documented.</summary>
    public static IReadOnlyList<string> AllKeys => Keys;

    public static string ValidKeys => string.Join(", ", Keys.Select(k => $"'{k}'"));

    /// <summary>True when <paramref name="key"/> was given a value with <see cref="Set"/>.</summary>
    public bool Has(string key)
    {
        CheckKey(key);
        return _explicit.Contains(key);
    }

    /// <summary>
    /// The setting a configuration key names (<c>Workers</c>, <c>WorkingDirectory</c>, <c>working_directory</c>, …:
    /// case, spaces, underscores and dashes aside), or null when it names none.
    /// </summary>
    public static string? KeyOf(string configurationKey)
    {
        ArgumentNullException.ThrowIfNull(configurationKey);
        var wanted = Squeeze(configurationKey);
        return Keys.FirstOrDefault(key => Squeeze(key) == wanted);
    }

    /// <summary>The configuration-style name of <paramref name="key"/>: <c>WorkingDirectory</c> for <c>working directory</c>.</summary>
    public static string ConfigurationNameOf(string key) =>
        string.Concat(key.Split(' ').Select(word => char.ToUpperInvariant(word[0]) + word[1..]));

    /// <summary>
    /// Sets <paramref name="key"/> from <paramref name="text"/> (a configuration value: a whole number, milliseconds or a
    /// <see cref="TimeSpan"/> such as <c>00:01:30</c>, or text, as the key takes); errors name <paramref name="source"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The text does not fit the key.</exception>
    public void SetText(string key, string text, string source)
    {
        CheckKey(key);
        ArgumentNullException.ThrowIfNull(text);
        object value = Kind(key) switch
        {
            SettingKind.WholeNumber => long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : text,
            SettingKind.Milliseconds => long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms) ? ms
                : TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var span) ? span
                : text,
            _ => text,
        };
        try
        {
            Set(key, value, apply: true, source);
        }
        catch (ArgumentException e) when (e.Message.LastIndexOf("; got ", StringComparison.Ordinal) is var got and > 0)
        {
            // Show the value as it was written, not as it was parsed.
            throw new ArgumentException($"{e.Message[..got]}; got \"{text}\".", e);
        }
    }

    /// <summary>Checks <paramref name="value"/> against <paramref name="key"/>; applies it when <paramref name="apply"/>.</summary>
    /// <param name="key">The setting.</param>
    /// <param name="value">Its value.</param>
    /// <param name="apply">False to check the value only.</param>
    /// <param name="source">Where the value comes from, for errors (a configuration key); the setting itself when null.</param>
    /// <exception cref="ArgumentException">The key is unknown or the value does not fit it.</exception>
    public void Set(string key, object value, bool apply = true, string? source = null)
    {
        CheckKey(key);
        ArgumentNullException.ThrowIfNull(value);
        var name = source is null ? $"Setting '{key}'" : $"Configuration key '{source}' (setting '{key}')";
        Action assign = key switch
        {
            "workers" => Assign(WholeNumber(name, value, 1, ClusterDefaults.MaxWorkers), v => Workers = v),
            "backlog" => Assign(WholeNumber(name, value, 1, 65535), v => Backlog = v),
            "timeout" => Assign(Milliseconds(name, value), v => Timeout = v),
            "restart threshold" => Assign(Milliseconds(name, value), v => RestartThreshold = v),
            "restart timeout" => Assign(Milliseconds(name, value), v => RestartTimeout = v),
            "ready timeout" => Assign(Milliseconds(name, value, min: 1), v => ReadyTimeout = v),
            "max respawn delay" => Assign(Milliseconds(name, value), v => MaxRespawnDelay = v),
            "max boot failures" => Assign(WholeNumber(name, value, 1, 1_000_000), v => MaxBootFailures = v),
            "standby" => Assign(WholeNumber(name, value, 0, ClusterDefaults.MaxWorkers), v => Standby = v),
            "heartbeat timeout" => Assign(ZeroOrMilliseconds(name, value, (int)ClusterDefaults.MinHeartbeatTimeout.TotalMilliseconds), v => HeartbeatTimeout = v),
            "max requests" => Assign(Count(name, value), v => MaxRequests = v),
            "max requests jitter" => Assign(Count(name, value), v => MaxRequestsJitter = v),
            "max memory" => Assign(Count(name, value), v => MaxMemory = v),
            "spawn concurrency" => Assign(WholeNumber(name, value, 0, ClusterDefaults.MaxWorkers), v => SpawnConcurrency = v),
            "working directory" => Assign(Text(name, value), v => WorkingDirectory = v),
            "socket path" => Assign(Text(name, value), v => SocketPath = v),
            "title" => Assign(Text(name, value), v => Title = v),
            "worker title" => Assign(Text(name, value), v => WorkerTitle = v),
            "user" => Assign(NameOrId(name, value), v => User = v),
            "group" => Assign(NameOrId(name, value), v => Group = v),
            _ => throw new InvalidOperationException($"No setter for '{key}'."),
        };
        if (apply)
        {
            assign();
            _explicit.Add(key);
        }
    }

    private static Action Assign<T>(T value, Action<T> set) => () => set(value);

    private static SettingKind Kind(string key) => key switch
    {
        "workers" or "backlog" or "max boot failures" or "standby" or "max requests" or "max requests jitter" or "max memory" or "spawn concurrency" => SettingKind.WholeNumber,
        "timeout" or "restart threshold" or "restart timeout" or "ready timeout" or "max respawn delay"
            or "heartbeat timeout" => SettingKind.Milliseconds,
        _ => SettingKind.Text,
    };

    private static string Squeeze(string name) =>
        string.Concat(name.Where(c => c is not (' ' or '_' or '-'))).ToLowerInvariant();

    private static void CheckKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!Keys.Contains(key))
        {
            throw new ArgumentException($"Unknown setting '{key}'. Valid settings: {ValidKeys}.", nameof(key));
        }
    }

    private static int WholeNumber(string name, object value, int min, int max) => value switch
    {
        int i when i >= min && i <= max => i,
        long l when l >= min && l <= max => (int)l,
        _ => throw Invalid(name, value, $"a whole number from {min} to {max}"),
    };

    /// <summary>A count or a size: 0 (off) or more, up to a quarter of <see cref="long.MaxValue"/> (room for the jitter).</summary>
    private static long Count(string name, object value) => value switch
    {
        int i when i >= 0 => i,
        long l when l >= 0 && l <= long.MaxValue / 4 => l,
        _ => throw Invalid(name, value, $"a whole number from 0 (off) to {long.MaxValue / 4}"),
    };

    private static TimeSpan Milliseconds(string name, object value, int min = 0) => value switch
    {
        int i when i >= min => TimeSpan.FromMilliseconds(i),
        long l when l >= min && l <= int.MaxValue => TimeSpan.FromMilliseconds(l),
        TimeSpan t when t.TotalMilliseconds >= min && t.TotalMilliseconds <= int.MaxValue => t,
        _ => throw Invalid(name, value, $"a number of milliseconds ({min} or more) or a TimeSpan of at least {min} ms"),
    };

    /// <summary>Zero (off), or at least <paramref name="min"/> milliseconds.</summary>
    private static TimeSpan ZeroOrMilliseconds(string name, object value, int min)
    {
        var span = value switch
        {
            int i => TimeSpan.FromMilliseconds(i),
            long l when l <= int.MaxValue => TimeSpan.FromMilliseconds(l),
            TimeSpan t when t.TotalMilliseconds <= int.MaxValue => t,
            _ => TimeSpan.MinValue,
        };
        return span == TimeSpan.Zero || span.TotalMilliseconds >= min
            ? span
            : throw Invalid(name, value, $"0 (off) or a number of milliseconds ({min} or more), or a TimeSpan of 0 or at least {min} ms");
    }

    private static string Text(string name, object value) => value switch
    {
        string s when !string.IsNullOrWhiteSpace(s) => s,
        _ => throw Invalid(name, value, "a non-empty string"),
    };

    private static string NameOrId(string name, object value) => value switch
    {
        string s when !string.IsNullOrWhiteSpace(s) => s,
        int i when i >= 0 => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw Invalid(name, value, "a name (string) or a numeric id (int, 0 or more)"),
    };

    private static ArgumentException Invalid(string name, object value, string expected) =>
        new($"{name} takes {expected}; got {Describe(value)}.", nameof(value));

    private static string Describe(object value) => value switch
    {
        string s => $"\"{s}\" (string)",
        _ => $"{value} ({value.GetType().Name})",
    };
}
