using System.Net.Sockets;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Runtime.InteropServices;
using Cluster.Rx.Internal;
using Cluster.Rx.Interop;
using Cluster.Rx.Ipc;
using Cluster.Rx.Serving;
using Cluster.Rx.Supervision;

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
            throw new InvalidOperationException(_server is null
                ? "Call Start() before Run: it declares the abstract cluster."
                : "Call Listen(port), Listen(port, host) or Listen(path) before Run: a cluster with a server needs an address.");
        }

        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("This cluster is already running: call Run or RunAsync once.");
        }

        return _worker is { } worker
            ? new WorkerHost(worker, _server, _plugins, this, _stopping, _log).RunAsync()
            : RunMasterAsync();
    }

    /// <summary>Starts <paramref name="count"/> more workers.</summary>
    public void Spawn(int count) => Running(nameof(Spawn)).Spawn(CheckCount(count));

    /// <summary>Stops <paramref name="count"/> workers (the highest ids) gracefully, without replacing them.</summary>
    public void Remove(int count) => Running(nameof(Remove)).Remove(CheckCount(count));

    /// <summary>Graceful shutdown: workers stop accepting, finish their work (within <c>timeout</c>) and exit; then the master closes.</summary>
    public void Close() => Running(nameof(Close)).Close();

    /// <summary>Hard shutdown: workers are killed (SIGKILL) and the master closes at once.</summary>
    public void Destroy() => Running(nameof(Destroy)).Destroy();

    /// <summary>Sends <paramref name="signal"/> to every worker (SIGQUIT: graceful stop; SIGTERM, SIGKILL: immediate exit). Dead workers are replaced while the master is active.</summary>
    public void Kill(Signal signal = Signal.SIGTERM) => Running(nameof(Kill)).Kill(signal);

    private Supervisor Running(string operation) => _supervisor
        ?? throw new InvalidOperationException(IsWorker
            ? $"{operation} is a master operation; this process is worker {WorkerId}."
            : $"{operation} works once RunAsync has started the master.");

    private static int CheckCount(int count) =>
        count > 0 ? count : throw new ArgumentOutOfRangeException(nameof(count), count, "Give a number of workers of 1 or more.");

    private async Task<int> RunMasterAsync()
    {
        using var resources = new CompositeDisposable();
        try
        {
            var commandLine = WorkerCommandLine.Current();
            CheckAccounts();
            ChangeDirectory(_settings.WorkingDirectory);
            ProcessTitle.Set(_settings.Title, _log);

            var ipc = IpcServer.Bind(_settings.SocketPath);
            resources.Add(ipc);
            var listener = _target?.Bind(_settings.Backlog);
            if (listener is not null)
            {
                resources.Add(listener);
                Posix.SetCloseOnExec((int)listener.Handle, closeOnExec: false);
            }

            var launcher = new ProcessWorkerLauncher(commandLine, ipc.Path, listener is null ? null : (int)listener.Handle);
            var supervisor = new Supervisor(_settings.Workers, _settings.Timeout, Scheduler, launcher, Publish, _log);
            _supervisor = supervisor;
            resources.Add(Closing.Subscribe(_ => _stopping.Cancel()));
            foreach (var plugin in _plugins)
            {
                resources.Add(plugin.Attach(this));
            }

            var channel = new WorkerChannel(launcher, supervisor, WorkerOptions(), _log);
            _ = ipc.AcceptAsync((socket, peer) => _ = channel.ServeAsync(socket, peer), _log.Warning);
            Scheduler.Schedule(() =>
            {
                Publish(new Started(Scheduler.Now, Environment.ProcessId, ipc.Path));
                if (listener?.LocalEndPoint is { } endPoint)
                {
                    Publish(new Listening(Scheduler.Now, endPoint));
                }
            });

            resources.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal(supervisor.Destroy)));
            resources.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal(supervisor.Destroy)));
            resources.Add(PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal(supervisor.Close)));
            supervisor.Start();
            return await supervisor.Completion.ConfigureAwait(false);
        }
        catch (ClusterException e)
        {
            _log.Error(e.Message);
            return 1;
        }
        finally
        {
            var completed = new TaskCompletionSource();
            Scheduler.Schedule(() =>
            {
                _events.OnCompleted();
                completed.SetResult();
            });
            await completed.Task.ConfigureAwait(false);
        }
    }

    private static Action<PosixSignalContext> OnSignal(Action action) => context =>
    {
        context.Cancel = true;
        action();
    };

    private OptionsMessage WorkerOptions() => new(
        (int)_settings.Timeout.TotalMilliseconds,
        _settings.WorkerTitle,
        _settings.User,
        _settings.Group,
        Environment.CurrentDirectory);

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
