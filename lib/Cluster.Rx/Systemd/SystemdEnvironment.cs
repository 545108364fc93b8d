using System.Globalization;

namespace Cluster.Rx.Systemd;

/// <summary>
/// What a master learns from systemd's variables: where to send notifications (<c>NOTIFY_SOCKET</c>), the sockets
/// it was handed (<c>LISTEN_FDS</c>, <c>LISTEN_PID</c>, <c>LISTEN_FDNAMES</c>) and the watchdog it must feed
/// (<c>WATCHDOG_USEC</c>, <c>WATCHDOG_PID</c>). The master takes them out of its own environment at start, so no
/// worker sees them; a replacement master is given what it needs of them explicitly (<see cref="ForReplacement"/>).
/// </summary>
/// <param name="NotifySocket">The notification socket (a leading '@' names one in the abstract namespace), or null.</param>
/// <param name="ListenFds">How many sockets systemd passed from fd 3 on, when they are this process's (<c>LISTEN_PID</c>); 0 otherwise.</param>
/// <param name="ListenFdNames">Their names (<c>LISTEN_FDNAMES</c>, ':'-separated), or null.</param>
/// <param name="Watchdog">The watchdog's timeout (<c>WATCHDOG_USEC</c>) when it watches this process; null otherwise.</param>
/// <param name="Activated">
/// True when this master serves a socket systemd passed (socket activation): its own (<see cref="ListenFds"/>), or,
/// in a replacement master, the one the master it replaces was passed.
/// </param>
internal sealed record SystemdEnvironment(string? NotifySocket, int ListenFds, string? ListenFdNames, TimeSpan? Watchdog, bool Activated)
{
    public const string NotifySocketVariable = "NOTIFY_SOCKET";
    public const string ListenFdsVariable = "LISTEN_FDS";
    public const string ListenPidVariable = "LISTEN_PID";
    public const string ListenFdNamesVariable = "LISTEN_FDNAMES";
    public const string WatchdogUsecVariable = "WATCHDOG_USEC";
    public const string WatchdogPidVariable = "WATCHDOG_PID";

    /// <summary>Set by a socket-activated master in the replacement it starts: the inherited socket came from systemd.</summary>
    public const string ActivatedVariable = "CLUSTER_SYSTEMD_ACTIVATED";

    /// <summary>Every variable a master takes out of its environment.</summary>
    public static readonly IReadOnlyList<string> Variables =
    [
        NotifySocketVariable, ListenFdsVariable, ListenPidVariable, ListenFdNamesVariable, WatchdogUsecVariable, WatchdogPidVariable, ActivatedVariable,
    ];

    /// <summary>Not run by systemd: nothing to notify, no socket passed, no watchdog.</summary>
    public static readonly SystemdEnvironment None = new(null, 0, null, null, false);

    /// <summary>
    /// Reads the variables, as systemd's <c>sd_listen_fds</c> and <c>sd_watchdog_enabled</c> do: the passed sockets
    /// count only when <c>LISTEN_PID</c> is <paramref name="pid"/>, the watchdog only when <c>WATCHDOG_PID</c> is unset,
    /// <paramref name="pid"/> or — in a replacement master, which systemd does not know yet — <paramref name="parentPid"/>.
    /// </summary>
    /// <exception cref="ClusterException">A variable that applies to this process is not a number of the right kind.</exception>
    public static SystemdEnvironment Read(Func<string, string?> variable, int pid, int? parentPid)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var notify = variable(NotifySocketVariable) is { Length: > 0 } socket ? socket : null;
        var listenFds = 0;
        if (variable(ListenPidVariable) is { Length: > 0 } listenPid && Number(ListenPidVariable, listenPid) == pid)
        {
            listenFds = variable(ListenFdsVariable) is { Length: > 0 } fds ? (int)Math.Min(Number(ListenFdsVariable, fds), int.MaxValue) : 0;
        }

        TimeSpan? watchdog = null;
        var watchdogPid = variable(WatchdogPidVariable) is { Length: > 0 } watched ? Number(WatchdogPidVariable, watched) : (long?)null;
        if (variable(WatchdogUsecVariable) is { Length: > 0 } usec && (watchdogPid is null || watchdogPid == pid || watchdogPid == parentPid))
        {
            var microseconds = Number(WatchdogUsecVariable, usec);
            watchdog = microseconds > 0 ? TimeSpan.FromMicroseconds(microseconds) : null;
        }

        var activated = listenFds > 0 || (parentPid is not null && variable(ActivatedVariable) == "1");
        return new(notify, listenFds, variable(ListenFdNamesVariable), watchdog, activated);
    }

    /// <summary>Reads this process's variables (see <see cref="Read"/>) and removes them, so the processes it starts do not inherit them.</summary>
    public static SystemdEnvironment Take(int? parentPid)
    {
        try
        {
            return Read(Environment.GetEnvironmentVariable, Environment.ProcessId, parentPid);
        }
        finally
        {
            foreach (var name in Variables)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    /// <summary>
    /// What the replacement master that <paramref name="pid"/> (this master) starts needs to go on where it leaves
    /// off: the notification socket, and the watchdog, now watching this master's pid (the replacement accepts its
    /// parent's). Never <c>LISTEN_*</c>: the replacement inherits the listening socket as it always does.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> ForReplacement(int pid)
    {
        if (NotifySocket is { } socket)
        {
            yield return new(NotifySocketVariable, socket);
        }

        if (Watchdog is { } watchdog)
        {
            yield return new(WatchdogUsecVariable, Format((long)watchdog.TotalMicroseconds));
            yield return new(WatchdogPidVariable, Format(pid));
        }

        if (Activated)
        {
            yield return new(ActivatedVariable, "1");
        }
    }

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static long Number(string name, string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new ClusterException($"environment variable {name} is '{value}'; systemd sets it to a whole number (unset it, or set it as systemd does)");
}
