using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs.Harness;

/// <summary>
/// A SpecHost cluster started for one spec: <c>dotnet Cluster.Rx.SpecHost.dll SCENARIO …</c> with stdout and
/// stderr collected line by line. Every process of the cluster carries a unique marker in its environment, so the
/// harness can tell its own processes from any other. A restart adds masters: each replacement inherits the
/// marker, prints <c>started PID</c> (every master's pid is learnt, see <see cref="MasterPids"/>) and, once the
/// master it replaces has exited, is re-parented away from the spec (to init, which reaps it). Dispose SIGKILLs
/// every live process carrying the marker — every master and worker, whoever its parent — until none is left,
/// reaps the first master and deletes the cluster's scratch directory (where its IPC sockets live).
/// </summary>
internal sealed partial class ClusterProcess : IDisposable
{
    private const string MarkerVariable = "CLUSTER_SPEC_RUN";
    // Variables of the spec run's own environment that would change what the SpecHost does: the cluster's, the
    // hosting environment, and the SpecHost's settings (a CI machine may well set PORT or TIMEOUT).
    private static readonly string[] InheritedNotWanted =
    [
        "DOTNET_ENVIRONMENT", "ASPNETCORE_ENVIRONMENT", "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HOSTINGSTARTUPASSEMBLIES", "CLUSTER_WORKER", "CLUSTER_MASTER_PID",
        "CLUSTER_IPC_PATH", "CLUSTER_LISTEN_FD", "CLUSTER_REPLACEMENT_MASTER", "CLUSTER_PARENT_PID",
        "CLUSTER_PARENT_IPC_PATH", "CLUSTER_RESTART_SIGNAL", "SPEC_PARENT_PID",
        "WORKERS", "TIMEOUT", "TITLE", "WORKER_TITLE", "SOCKET_PATH", "PORT", "JOB_MS", "RESTART_THRESHOLD", "RESTART_TIMEOUT",
        // A spec run under systemd (a CI service) must not have every cluster notify it.
        "NOTIFY_SOCKET", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "WATCHDOG_USEC", "WATCHDOG_PID",
    ];

    private readonly Process _process;
    private readonly string _marker;
    private readonly string _arguments;
    private readonly Lock _gate = new();
    private readonly HashSet<int> _workerPids = [];
    private readonly List<int> _masterPids = [];
    private readonly Task _readers;
    private int _disposed;

    private ClusterProcess(Process process, string marker, string scratch, string arguments)
    {
        _process = process;
        _marker = marker;
        _arguments = arguments;
        Scratch = scratch;
        Pid = process.Id;
        _readers = Task.WhenAll(
            Task.Run(() => ReadAsync(process.StandardOutput, Output, OnOutputLine)),
            Task.Run(() => ReadAsync(process.StandardError, Errors, _ => { })));
    }

    /// <summary>The pid of the master the spec started (after a restart, no longer the one serving).</summary>
    public int Pid { get; }

    /// <summary>Every master's pid, in the order they announced themselves (<c>started PID</c>): the first, then each replacement.</summary>
    public IReadOnlyList<int> MasterPids
    {
        get
        {
            lock (_gate)
            {
                return [.. _masterPids];
            }
        }
    }

    /// <summary>A directory of this cluster's own (its IPC socket is there unless <c>SOCKET_PATH</c> says otherwise); deleted on dispose.</summary>
    public string Scratch { get; }

    /// <summary>stdout of the master and its workers.</summary>
    public OutputLog Output { get; } = new();

    /// <summary>stderr of the master and its workers.</summary>
    public OutputLog Errors { get; } = new();

    /// <summary>Every worker pid a master announced (<c>spawned ID PID</c>).</summary>
    public IReadOnlyCollection<int> WorkerPids
    {
        get
        {
            lock (_gate)
            {
                return [.. _workerPids];
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The pids of this cluster's live processes now, whoever started them: masters and workers.</summary>
    public IReadOnlyList<int> LivePids => OsProcess.FindByMarker(_marker);

    /// <summary>
    /// Starts <c>SpecHost <paramref name="arguments"/></c>; <paramref name="environment"/> adds variables (a null
    /// value removes one). With <paramref name="shellPrelude"/>, it is started through <c>/bin/sh -c</c>, which runs
    /// the prelude (<c>trap '' INT QUIT</c>, say) and then <c>exec</c>s the SpecHost in its place: same pid, and
    /// whatever the prelude set that survives an exec (ignored signals) holds for the master. <paramref name="program"/>
    /// runs another copy of the SpecHost (see <see cref="SpecHostCopy"/>) instead of the one built in the clone, or
    /// another clustered program altogether (an app built from the packages): <c>dotnet PROGRAM</c>.
    /// </summary>
    public static ClusterProcess Start(string[] arguments, Dictionary<string, string?>? environment = null, string? shellPrelude = null, string? program = null)
    {
        var marker = $"{MarkerVariable}={Guid.NewGuid():N}";
        var scratch = Directory.CreateTempSubdirectory("cluster-rx-spec-").FullName;
        var start = new ProcessStartInfo(shellPrelude is null ? SpecHost.Dotnet : "/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = scratch,
        };
        if (shellPrelude is not null)
        {
            // sh -c SCRIPT $0 $1 …: the command comes in as positional parameters, so nothing needs quoting.
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"{shellPrelude}\nexec \"$0\" \"$@\"");
            start.ArgumentList.Add(SpecHost.Dotnet);
        }

        start.ArgumentList.Add(program ?? SpecHost.Path);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in InheritedNotWanted)
        {
            start.Environment.Remove(name);
        }

        start.Environment[MarkerVariable] = marker[(MarkerVariable.Length + 1)..];
        start.Environment["SPEC_PARENT_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        start.Environment["SOCKET_PATH"] = scratch;
        foreach (var (name, value) in environment ?? [])
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {SpecHost.Dotnet}");
        return new ClusterProcess(process, marker, scratch, string.Join(' ', arguments));
    }

    /// <summary>True once the process is no longer one of this cluster's live processes (exited, or a zombie).</summary>
    public bool IsGone(int pid) => !OsProcess.IsOurs(pid, _marker);

    /// <summary>Sends <paramref name="signal"/> to the master the spec started.</summary>
    public void SignalMaster(Signum signal) => Assert.True(OsProcess.Signal(Pid, signal), $"could not send {signal} to the master {Pid}\n{Describe()}");

    /// <summary>Sends <paramref name="signal"/> to a master of this cluster (a replacement too; never to another process).</summary>
    public void SignalMaster(int pid, Signum signal)
    {
        Assert.True(MasterPids.Contains(pid), $"{pid} is not a master of this cluster (masters: {string.Join(", ", MasterPids)})\n{Describe()}");
        Assert.False(IsGone(pid), $"master {pid} is not a live process of this cluster\n{Describe()}");
        Assert.True(OsProcess.Signal(pid, signal), $"could not send {signal} to master {pid}\n{Describe()}");
    }

    /// <summary>Sends <paramref name="signal"/> to a worker of this cluster (never to another process).</summary>
    public void SignalWorker(int pid, Signum signal)
    {
        Assert.False(IsGone(pid), $"worker {pid} is not a live process of this cluster\n{Describe()}");
        Assert.True(OsProcess.Signal(pid, signal), $"could not send {signal} to worker {pid}\n{Describe()}");
    }

    /// <summary>The first stdout line from <paramref name="from"/> on matching <paramref name="pattern"/> (a whole line); fails the spec if none comes in time.</summary>
    public Task<Match> WaitForLineAsync(string pattern, int from = 0, TimeSpan? limit = null) =>
        WaitAsync(Output, "stdout", pattern, from, limit ?? Limits.Line);

    /// <summary>The first <paramref name="count"/> stdout lines from <paramref name="from"/> on matching <paramref name="pattern"/>; fails the spec if they do not all come in time.</summary>
    public async Task<IReadOnlyList<Match>> WaitForLinesAsync(string pattern, int count, int from = 0, TimeSpan? limit = null)
    {
        var matches = new List<Match>();
        var next = from;
        while (matches.Count < count)
        {
            var found = await FindAsync(Output, "stdout", pattern, next, limit ?? Limits.Line);
            matches.Add(found.Match);
            next = found.Index + 1;
        }

        return matches;
    }

    /// <summary>The first stderr line matching <paramref name="pattern"/> (a whole line); fails the spec if none comes in time.</summary>
    public Task<Match> WaitForErrorAsync(string pattern, TimeSpan? limit = null) =>
        WaitAsync(Errors, "stderr", pattern, 0, limit ?? Limits.Line);

    /// <summary>Every stdout line so far matching <paramref name="pattern"/> (a whole line).</summary>
    public IReadOnlyList<Match> Lines(string pattern) => Output.Matches(Whole(pattern));

    /// <summary>The TCP port from <c>listening PORT</c>.</summary>
    public async Task<int> PortAsync() => int.Parse((await WaitForLineAsync(@"listening (\d+)")).Groups[1].Value, CultureInfo.InvariantCulture);

    /// <summary>Waits until workers 0 … <paramref name="count"/>-1 have connected; their pids by id.</summary>
    public async Task<IReadOnlyDictionary<int, int>> WorkersAsync(int count, int from = 0)
    {
        var pids = new Dictionary<int, int>();
        for (var id = 0; id < count; id++)
        {
            var connected = await WaitForLineAsync($@"connected {id} (\d+)", from);
            pids[id] = int.Parse(connected.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        return pids;
    }

    /// <summary>Waits for the master to exit; its exit code. Fails the spec if it is still running after <paramref name="limit"/>.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan? limit = null)
    {
        var wait = limit ?? Limits.Exit;
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the master {Pid} did not exit within {wait.TotalSeconds:0.#} s\n{Describe()}");
        }

        return _process.ExitCode;
    }

    /// <summary>Everything the cluster printed, for failure messages.</summary>
    public string Describe() =>
        $"cluster `{_arguments}` (master {Pid}{(_process.HasExited ? $", exited {_process.ExitCode}" : string.Empty)}; " +
        $"all masters {string.Join(", ", MasterPids)}; workers {string.Join(", ", WorkerPids)})\n" +
        $"stdout:\n{Output.Describe()}\nstderr:\n{Errors.Describe()}";

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }

        // Masters first, so none starts another process meanwhile; then whatever carries the marker, again and again
        // until nothing does (a process a master was starting as it died shows up in a later scan).
        KillOurs(MasterPids.Concat(WorkerPids));
        var clock = Stopwatch.StartNew();
        IReadOnlyList<int> left;
        while ((left = OsProcess.FindByMarker(_marker)).Count > 0 && clock.Elapsed < LeftoverLimit)
        {
            KillOurs(left);
            Thread.Sleep(Limits.Poll);
        }

        // A finite wait reaps the first master without waiting for the end of its output (others may hold it a moment longer).
        _process.WaitForExit(TimeSpan.FromSeconds(10));
        _readers.Wait(TimeSpan.FromSeconds(10));
        _process.Dispose();
        try
        {
            Directory.Delete(Scratch, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp directory is harmless.
        }

        // A process left behind is not: fail loudly rather than leak it.
        if (left.Count > 0)
        {
            throw new InvalidOperationException($"processes {string.Join(", ", left)} of cluster `{_arguments}` survived SIGKILL for {LeftoverLimit.TotalSeconds} s");
        }
    }

    /// <summary>How long Dispose goes on killing processes that carry the marker.</summary>
    private static readonly TimeSpan LeftoverLimit = TimeSpan.FromSeconds(10);

    private void KillOurs(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            if (pid != Pid && OsProcess.IsOurs(pid, _marker))
            {
                OsProcess.Signal(pid, Signum.SIGKILL);
            }
        }
    }

    private static Regex Whole(string pattern) => new($"^(?:{pattern})$", RegexOptions.CultureInvariant);

    private static async Task ReadAsync(StreamReader reader, OutputLog log, Action<string> onLine)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                onLine(line);
                log.Add(line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe is gone: the cluster has ended.
        }
        finally
        {
            log.End();
        }
    }

    private void OnOutputLine(string line)
    {
        if (SpawnedLine().Match(line) is { Success: true } spawned)
        {
            lock (_gate)
            {
                _workerPids.Add(int.Parse(spawned.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }
        else if (StartedLine().Match(line) is { Success: true } started)
        {
            lock (_gate)
            {
                _masterPids.Add(int.Parse(started.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }
    }

    private async Task<Match> WaitAsync(OutputLog log, string stream, string pattern, int from, TimeSpan limit) =>
        (await FindAsync(log, stream, pattern, from, limit)).Match;

    private async Task<OutputLog.Found> FindAsync(OutputLog log, string stream, string pattern, int from, TimeSpan limit)
    {
        var found = await log.WaitAsync(Whole(pattern), from, limit);
        if (found is null)
        {
            Assert.Fail($"no {stream} line matching '{pattern}' (from line {from}) {(log.Ended ? "before the output ended" : $"within {limit.TotalSeconds:0.#} s")}\n{Describe()}");
        }

        return found;
    }

    [GeneratedRegex(@"^spawned \d+ (\d+)$")]
    private static partial Regex SpawnedLine();

    [GeneratedRegex(@"^started (\d+)$")]
    private static partial Regex StartedLine();
}
