using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs.Harness;

/// <summary>
/// A SpecHost cluster started for one spec: <c>dotnet Cluster.Rx.SpecHost.dll SCENARIO …</c> with stdout and
/// stderr collected line by line. Every process of the cluster carries a unique marker in its environment, so the
/// harness can tell its own processes from any other. Dispose SIGKILLs the master and every worker still alive,
/// reaps the master and deletes the cluster's scratch directory (where its IPC socket lives).
/// </summary>
internal sealed partial class ClusterProcess : IDisposable
{
    private const string MarkerVariable = "CLUSTER_SPEC_RUN";
    // Variables of the spec run's own environment that would change what the SpecHost does: the cluster's, the
    // hosting environment, and the SpecHost's settings (a CI machine may well set PORT or TIMEOUT).
    private static readonly string[] InheritedNotWanted =
    [
        "DOTNET_ENVIRONMENT", "ASPNETCORE_ENVIRONMENT", "ASPNETCORE_URLS", "CLUSTER_WORKER", "CLUSTER_MASTER_PID",
        "CLUSTER_IPC_PATH", "CLUSTER_LISTEN_FD", "CLUSTER_REPLACEMENT_MASTER", "CLUSTER_PARENT_PID",
        "WORKERS", "TIMEOUT", "TITLE", "WORKER_TITLE", "SOCKET_PATH", "PORT", "JOB_MS",
    ];

    private readonly Process _process;
    private readonly string _marker;
    private readonly string _arguments;
    private readonly Lock _gate = new();
    private readonly HashSet<int> _workerPids = [];
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

    /// <summary>The master's pid.</summary>
    public int Pid { get; }

    /// <summary>A directory of this cluster's own (its IPC socket is there unless <c>SOCKET_PATH</c> says otherwise); deleted on dispose.</summary>
    public string Scratch { get; }

    /// <summary>stdout of the master and its workers.</summary>
    public OutputLog Output { get; } = new();

    /// <summary>stderr of the master and its workers.</summary>
    public OutputLog Errors { get; } = new();

    /// <summary>Every worker pid the master announced (<c>spawned ID PID</c>).</summary>
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

    /// <summary>Starts <c>SpecHost <paramref name="arguments"/></c>; <paramref name="environment"/> adds variables (a null value removes one).</summary>
    public static ClusterProcess Start(string[] arguments, Dictionary<string, string?>? environment = null)
    {
        var marker = $"{MarkerVariable}={Guid.NewGuid():N}";
        var scratch = Directory.CreateTempSubdirectory("cluster-rx-spec-").FullName;
        var start = new ProcessStartInfo(SpecHost.Dotnet)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = scratch,
        };
        start.ArgumentList.Add(SpecHost.Path);
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

    /// <summary>Sends <paramref name="signal"/> to the master.</summary>
    public void SignalMaster(Signum signal) => Assert.True(OsProcess.Signal(Pid, signal), $"could not send {signal} to the master {Pid}\n{Describe()}");

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
        $"cluster `{_arguments}` (master {Pid}{(_process.HasExited ? $", exited {_process.ExitCode}" : string.Empty)}; workers {string.Join(", ", WorkerPids)})\n" +
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

        foreach (var pid in WorkerPids.Union(OsProcess.FindByMarker(_marker)))
        {
            if (pid != Pid && OsProcess.IsOurs(pid, _marker))
            {
                OsProcess.Signal(pid, Signum.SIGKILL);
            }
        }

        // A finite wait reaps the master without waiting for the end of its output (workers may hold it a moment longer).
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
}
