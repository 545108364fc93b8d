using System.Net.Sockets;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using Cluster.Rx.Extensibility;
using Cluster.Rx.Internal;
using Cluster.Rx.Interop;
using Cluster.Rx.Ipc;
using Cluster.Rx.Serving;
using Cluster.Rx.Settings;
using Cluster.Rx.Supervision;
using Cluster.Rx.Systemd;

namespace Cluster.Rx;

/// <content>Running the cluster and the master's operations.</content>
public sealed partial class Master
{
    /// <summary>Runs the cluster and blocks until it ends; see <see cref="RunAsync"/>.</summary>
    public int Run() => RunAsync().GetAwaiter().GetResult();

    /// <summary>
    /// Runs the cluster: in the master, binds, starts the workers and completes with the exit code once the master
    /// has closed (0 after <see cref="Close"/>, <see cref="Destroy"/> or a shutdown signal; 1 when it could not start
    /// — the reason is written to stderr — or gave up on workers that keep crashing). In a worker, serves until told
    /// to stop and completes with the worker's exit code; in an abstract cluster's worker, completes as soon as the
    /// worker is told to stop (see <see cref="Stopping"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">Neither <c>Listen</c> nor <see cref="Start"/> was called, or it runs already.</exception>
    public Task<int> RunAsync()
    {
        if (!_declared)
        {
            throw new InvalidOperationException(!_listens
                ? "Call Start() before Run: it declares the abstract cluster."
                : "Call Listen(port), Listen(port, host) or Listen(path) before Run: a cluster with a server needs an address.");
        }

        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("This cluster is already running: call Run or RunAsync once.");
        }

        if (_worker is { } worker)
        {
            return new WorkerHost(worker, _identity!, _service, _listens, _plugins, _stopping, _log).RunAsync();
        }

        return AnswerRun() ?? RunMasterAsync();
    }

    /// <summary>Starts <paramref name="count"/> more workers.</summary>
    public void Spawn(int count) => Running(nameof(Spawn)).Spawn(CheckCount(count));

    /// <summary>Stops <paramref name="count"/> workers (the highest ids) gracefully, without replacing them.</summary>
    public void Remove(int count) => Running(nameof(Remove)).Remove(CheckCount(count));

    /// <summary>Graceful shutdown: workers stop accepting, finish their work (within <c>timeout</c>) and exit; then the master closes.</summary>
    public void Close() => Running(nameof(Close)).Close();

    /// <summary>Hard shutdown: workers are killed (SIGKILL) and the master closes at once.</summary>
    public void Destroy() => Running(nameof(Destroy)).Destroy();

    /// <summary>
    /// Zero-downtime restart of the master (as SIGUSR2 does): a new master — this program started again — takes over
    /// the listening socket, starts its own workers and, once they all serve, sends this master
    /// <paramref name="signal"/> (SIGQUIT: drain gracefully). This master then closes and hands the
    /// <see cref="Restarting"/> snapshot to the new one (<see cref="Restarted"/>). A restart asked for sooner than
    /// <c>restart threshold</c> after start-up is put off by <c>restart timeout</c> (<see cref="CyclicRestart"/>);
    /// one asked for while another is under way is ignored.
    /// </summary>
    public void Restart(Signal signal = Signal.SIGQUIT)
    {
        Running(nameof(Restart));
        _restarter!.Request(signal);
    }

    /// <summary>
    /// Replaces every worker, one at a time, without dropping capacity: a new worker takes the id and serves
    /// before the old one is sent <paramref name="signal"/> (SIGQUIT: finish in-flight work and exit). Asked for
    /// while a roll is under way, every worker is rolled once more after it (so a rebuild that lands mid-roll is
    /// not lost); further requests meanwhile join that one, the last one's signal counting.
    /// </summary>
    public void RestartWorkers(Signal signal = Signal.SIGQUIT) => Running(nameof(RestartWorkers)).RestartWorkers(signal);

    /// <summary>Sends <paramref name="signal"/> to every worker (SIGQUIT: graceful stop; SIGTERM, SIGKILL: immediate exit). Dead workers are replaced while the master is active.</summary>
    public void Kill(Signal signal = Signal.SIGTERM) => Running(nameof(Kill)).Kill(signal);

    /// <summary>
    /// Sends <paramref name="signal"/> to the serving worker <paramref name="id"/> (SIGQUIT: graceful stop; SIGTERM,
    /// SIGKILL: immediate exit). While the master is active it is replaced, with the same id, at once.
    /// </summary>
    /// <returns>False when no serving worker has that id.</returns>
    public bool KillWorker(int id, Signal signal = Signal.SIGTERM)
    {
        var supervisor = Running(nameof(KillWorker));
        if (supervisor.Workers.All(w => w.Id != id))
        {
            return false;
        }

        supervisor.KillWorker(id, signal);
        return true;
    }

    private Supervisor Running(string operation) => _supervisor
        ?? throw new InvalidOperationException(IsWorker
            ? $"{operation} is a master operation; this process is worker {WorkerId}."
            : $"{operation} works once RunAsync has started the master.");

    /// <summary>The first answer a plugin gives to Run (see <see cref="Plugin.AnswersRun"/>); a replacement master always runs.</summary>
    private Task<int>? AnswerRun()
    {
        if (ReplacementEnvironment.IsReplacement)
        {
            return null;
        }

        var run = new PluginRun(this, Environment.GetCommandLineArgs()[1..]);
        try
        {
            return _plugins.Select(p => p.AnswerRun(run)).FirstOrDefault(answer => answer is not null);
        }
        catch (ClusterException e)
        {
            _log.Write(LogEvents.StartFailed, e.Message);
            return Task.FromResult(1);
        }
    }

    private static int CheckCount(int count) =>
        count > 0 ? count : throw new ArgumentOutOfRangeException(nameof(count), count, "Give a number of workers of 1 or more.");

    private async Task<int> RunMasterAsync()
    {
        using var resources = new CompositeDisposable();
        try
        {
            var replacement = ReplacementEnvironment.Take();
            var systemd = SystemdEnvironment.Take(replacement?.ParentPid);
            var commandLine = WorkerCommandLine.Current();
            CheckAccounts();
            ChangeDirectory(_settings.WorkingDirectory);
            ProcessTitle.Set(_settings.Title, _log);

            var ipc = IpcServer.Bind(_settings.SocketPath);
            resources.Add(ipc);
            var notifier = new SystemdNotifier(systemd, Scheduler, _log);
            resources.Add(notifier);
            var target = SocketActivation.TargetFor(systemd, _target, _log);
            var takeover = replacement is null ? null : new Takeover(replacement, Scheduler, Publish, _log, tookOver: notifier.TookOver);
            var listener = takeover?.AdoptListener() ?? target?.Bind(_settings.Backlog);
            int? listenFd = null;
            if (listener is not null)
            {
                resources.Add(listener);
                listenFd = (int)listener.Handle;
                Libc.SetCloseOnExec(listenFd.Value, closeOnExec: false);
            }

            var output = new OutputRouter(_log);
            var reader = new OutputReader(output, ClusterDefaults.OutputBatchDelay, _log);
            resources.Add(reader);
            var launcher = new ProcessWorkerLauncher(commandLine, ipc.Path, listenFd, _settings.Backlog, reader);
            if (_service is null && _settings.Standby > 0)
            {
                _log.Write(LogEvents.StandbyNeedsServer, _settings.Standby);
            }

            var supervisor = new Supervisor(_settings, Scheduler, launcher, Publish, _log, standby: _service is null ? 0 : _settings.Standby);
            var restarter = new Restarter(
                Scheduler,
                _settings,
                new ProcessReplacementLauncher(commandLine, ipc.Path, listenFd, systemd.ForReplacement(Environment.ProcessId)),
                () => supervisor.State == MasterState.Active,
                Publish,
                _log);
            (_supervisor, _restarter) = (supervisor, restarter);
            if (listener is not null && target?.Claim() is { } release)
            {
                resources.Add(Disposable.Create(() => release(restarter.HasSuccessor)));
            }

            resources.Add(_hub.Machinery.OfType<Closing>().Subscribe(_ => _stopping.Cancel()));
            resources.Add(notifier.Watch(_hub.Machinery, _settings.Workers, () => restarter.HasSuccessor));
            var plugins = new PluginHost(this, Scheduler, output, new MasterChannels(Scheduler, supervisor.Table, _log), _log);
            resources.Add(plugins);
            resources.Add(Disposable.Create(output.Complete));
            resources.Add(Disposable.Create(plugins.Channels.Complete));
            plugins.Attach([.. ObservabilityPlugins(), .. _plugins]);

            var channel = new WorkerChannel(supervisor, restarter, plugins.Channels, WorkerOptions(), _log);
            _ = ipc.AcceptAsync((socket, peer) => _ = channel.ServeAsync(socket, peer), reason => _log.Write(LogEvents.IpcAcceptFailed, reason));
            Scheduler.Schedule(() =>
            {
                Publish(new Started(Scheduler.Now, Environment.ProcessId, ipc.Path, replacement?.ParentPid));
                if (listener is not null && (target?.EndPointOf(listener) ?? listener.LocalEndPoint) is { } endPoint)
                {
                    Publish(new Listening(Scheduler.Now, endPoint));
                }
            });

            resources.Add(SignalHandler.Handle(Signal.SIGINT, supervisor.Destroy));
            resources.Add(SignalHandler.Handle(Signal.SIGTERM, supervisor.Destroy));
            resources.Add(SignalHandler.Handle(Signal.SIGQUIT, () => supervisor.Close()));
            resources.Add(SignalHandler.Handle(Signal.SIGUSR2, () => restarter.Request(Signal.SIGQUIT)));
            resources.Add(SignalHandler.Handle(Signal.SIGTTIN, () => supervisor.Spawn(1)));
            resources.Add(SignalHandler.Handle(Signal.SIGTTOU, () => supervisor.Remove(1, keep: 1)));
            if (takeover is not null)
            {
                resources.Add(takeover.Start(_hub.Machinery, _settings.Workers, _settings.ReadyTimeout, () => supervisor.Close(exitCode: 1)));
            }

            supervisor.Start();
            var exitCode = await await Task.WhenAny(supervisor.Completion, _failedEarly.Task).ConfigureAwait(false);
            await restarter.HandOverAsync(ClusterDefaults.HandOverTimeout).ConfigureAwait(false);
            return exitCode;
        }
        catch (ClusterException e)
        {
            _log.Write(LogEvents.StartFailed, e.Message);
            return 1;
        }
        finally
        {
            var completed = new TaskCompletionSource();
            Scheduler.Schedule(() =>
            {
                try
                {
                    _hub.Complete();
                }
                finally
                {
                    completed.SetResult();
                }
            });
            await completed.Task.ConfigureAwait(false);
        }
    }

    private OptionsMessage WorkerOptions() => new(
        (int)_settings.Timeout.TotalMilliseconds,
        _settings.WorkerTitle,
        _settings.User,
        _settings.Group,
        Environment.CurrentDirectory,
        Heartbeats.IntervalMs(_settings.HeartbeatTimeout),
        _settings.MaxRequests,
        _settings.MaxRequestsJitter);

    private void CheckAccounts()
    {
        if (_settings.User is { } user && Posix.FindUser(user) is null)
        {
            throw new ClusterException($"user '{user}' does not exist; set 'user' to an existing user name or uid (see /etc/passwd)");
        }

        if (_settings.Group is { } group && Posix.FindGroup(group) is null)
        {
            throw new ClusterException($"group '{group}' does not exist; set 'group' to an existing group name or gid (see /etc/group)");
        }

        ProgramAccess.Check(_settings.User, _settings.Group, _settings.WorkingDirectory);
    }

    internal static void ChangeDirectory(string directory)
    {
        try
        {
            Environment.CurrentDirectory = directory;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClusterException($"cannot change to the working directory '{directory}': {e.Message}; set 'working directory' to an existing directory", e);
        }
    }
}
