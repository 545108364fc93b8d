using System.Buffers;
using System.Net.Sockets;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using Cluster.Rx.Extensibility;
using Cluster.Rx.Internal;
using Cluster.Rx.Interop;
using Cluster.Rx.Ipc;
using Cluster.Rx.Settings;

namespace Cluster.Rx.Serving;

/// <summary>
/// A worker's life: connect to the master, apply its options, take the shared socket, drop privileges, serve,
/// and on a stop request (IPC stop, SIGQUIT, or the master's channel ending) shut down gracefully within
/// <c>timeout</c>. An unhandled exception is reported to the master before the worker dies. A standby starts its
/// service without accepting (or, for a service that cannot wait to accept, does not start it), says it is ready, and
/// serves once the master promotes it to a worker id.
/// </summary>
internal sealed class WorkerHost(
    WorkerEnvironment environment,
    WorkerIdentity identity,
    Func<IWorkerService>? serviceFactory,
    bool listens,
    IReadOnlyList<Plugin> plugins,
    CancellationTokenSource stopping,
    ClusterLog log)
{
    /// <summary>The longest exception message or stack trace sent to the master, in characters.</summary>
    private const int MaxReportedText = 64 * 1024;

    private readonly TaskCompletionSource<OptionsMessage> _options = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stop = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _promotion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> _admitted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ServerActivity _activity = new();
    private readonly CompositeDisposable _pluginParts = [];
    private IpcConnection? _channel;
    private WorkerChannels? _plugins;
    private int _exceptionReported;
    private bool _channelOutlivesRun;

    private string Name => $"worker {identity.Id} (pid {Environment.ProcessId})";

    public async Task<int> RunAsync()
    {
        var resources = new CompositeDisposable();
        IpcConnection channel;
        try
        {
            using var connecting = new CancellationTokenSource(ClusterDefaults.HandshakeTimeout);
            channel = await IpcConnection.ConnectAsync(environment.IpcPath, connecting.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            log.Write(LogEvents.WorkerCannotReachMaster, identity.Id, Environment.ProcessId, environment.MasterPid, environment.IpcPath, e.Message);
            return 1;
        }

        _channel = channel;
        _plugins = new WorkerChannels(channel, log);
        AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
        resources.Add(Disposable.Create(() => AppDomain.CurrentDomain.UnhandledException -= OnUnhandledException));
        resources.Add(SignalHandler.Handle(Signal.SIGQUIT, () => _stop.TrySetResult()));

        IpcMessages.Send(channel, FrameType.Hello, new HelloMessage(identity.Id, Environment.ProcessId));
        var channelRun = RunChannelAsync(channel);
        try
        {
            var options = await _options.Task.WaitAsync(ClusterDefaults.HandshakeTimeout).ConfigureAwait(false);
            resources.Add(HeartbeatSender.Start(channel, options.HeartbeatMs));
            var (service, listener) = Prepare(options, resources);
            return service is null
                ? await RunAbstractAsync(channel, options).ConfigureAwait(false)
                : await ServeAsync(channel, service, listener, options).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            log.Write(LogEvents.WorkerGotNoOptions, identity.Id, Environment.ProcessId, ClusterDefaults.HandshakeTimeout.TotalSeconds);
            return 1;
        }
        catch (Exception e)
        {
            await ReportAsync(e).ConfigureAwait(false);
            Console.Error.WriteLine($"cluster: {Name}: {e}");
            return 1;
        }
        finally
        {
            // An abstract worker keeps its channel, signal handler and exception reporter after RunAsync returns: the
            // program's code is still finishing its work, and a timeout or a crash must still be reported (the
            // process's exit closes them).
            if (!_channelOutlivesRun)
            {
                resources.Dispose();
                channel.Close();
                await channelRun.ConfigureAwait(false);
            }
        }
    }

    private (IWorkerService? Service, Socket? Listener) Prepare(OptionsMessage options, CompositeDisposable resources)
    {
        Master.ChangeDirectory(options.WorkingDirectory);
        ProcessTitle.Set(identity.IsStandby ? ProcessTitle.ForStandby(options.Title) : ProcessTitle.ForWorker(options.Title, identity.Id), log);
        var listener = AdoptListener();
        SwitchUser(options);
        resources.Add(_pluginParts);
        if (serviceFactory is null || !listens)
        {
            listener?.Dispose();
            listener = null;
        }

        if (serviceFactory is null)
        {
            return (null, null);
        }

        if (listens && listener is null)
        {
            throw new ClusterException($"the master passed no listening socket ({WorkerEnvironment.ListenFdVariable} is not set)");
        }

        var service = serviceFactory() ?? throw new InvalidOperationException("The server factory given to Master.Create returned null.");
        return (service, listener);
    }

    private async Task<int> ServeAsync(IpcConnection channel, IWorkerService service, Socket? listener, OptionsMessage options)
    {
        if (_stop.Task.IsCompleted)
        {
            // Told to stop (or the master went away) while it was starting: it never serves.
            listener?.Dispose();
            return 0;
        }

        var backlog = environment.Backlog ?? ClusterDefaults.Backlog;
        // Only a standby's server waits to be admitted (and warms up meanwhile); a worker's accepts once it has started.
        var admitted = identity.IsStandby ? _admitted.Task : Task.FromResult(true);
        var context = listener is null ? null : new ListenContext(listener, backlog, _activity) { Admitted = admitted };
        var started = !identity.IsStandby || service.StartsBeforeAdmission;
        if (started)
        {
            await service.StartAsync(context, stopping.Token).ConfigureAwait(false);
        }

        if (!identity.IsStandby)
        {
            // Once it accepts, as a standby's are once it is promoted: what the parts set up (Stats' channels and
            // their JSON metadata) is not on the way to the worker's first answer.
            AttachPluginParts();
        }
        else
        {
            WarmPromotion();
            channel.TrySend(FrameType.Connected, []);
            if (await Task.WhenAny(_promotion.Task, _stop.Task).ConfigureAwait(false) != _promotion.Task)
            {
                // Let go (or the master is gone) before it was needed: it never accepted a connection.
                _admitted.TrySetResult(false);
                if (!started)
                {
                    listener?.Dispose();
                    return 0;
                }
            }
            else
            {
                Promote(options, _promotion.Task.Result);
            }
        }

        _admitted.TrySetResult(true);
        if (!started)
        {
            await service.StartAsync(context, stopping.Token).ConfigureAwait(false);
        }

        var endedOnItsOwn = false;
        using var ended = service.Ended.Register(() => endedOnItsOwn = _stop.TrySetResult());
        channel.TrySend(FrameType.Connected, []);
        RequestLimit.Watch(options, _activity, recycle => IpcMessages.Send(channel, FrameType.Recycle, recycle));
        await _stop.Task.ConfigureAwait(false);
        await stopping.CancelAsync().ConfigureAwait(false);

        var stop = new GracefulStop(service, TimeSpan.FromMilliseconds(options.TimeoutMs), DefaultScheduler.Instance);
        var finished = await stop.RunAsync(
            open => IpcMessages.Send(channel, FrameType.Waiting, new WaitingMessage(open)),
            () => channel.TrySend(FrameType.Timeout, [])).ConfigureAwait(false);

        // The server is done: plugins' worker parts end now, so that what they send last (Stats' final counts) is
        // flushed to the master with the rest.
        _pluginParts.Dispose();
        await channel.FlushAsync(ClusterDefaults.FinalFlushTimeout).ConfigureAwait(false);
        if (endedOnItsOwn)
        {
            // Not asked to stop: the master counts the exit as a death and replaces the worker.
            log.Write(LogEvents.WorkerAppEnded, identity.Id, Environment.ProcessId);
            return 1;
        }

        return finished ? 0 : 1;
    }

    /// <summary>
    /// The master promotes this standby to worker id <paramref name="id"/>: on the IPC reader, without waiting for a
    /// thread, it takes the id and its listener accepts (a worker's place is empty until then); its title and its
    /// plugins' worker parts follow in <see cref="Promote"/>.
    /// </summary>
    private void OnPromoted(int id)
    {
        if (identity.IsStandby && !_stop.Task.IsCompleted && _promotion.TrySetResult(id))
        {
            identity.Promote(id);
            _admitted.TrySetResult(true);
        }
    }

    /// <summary>
    /// Reads a promotion once, so that the code which reads the real one is compiled before a worker's place is
    /// empty and waiting for it (a cold read takes milliseconds).
    /// </summary>
    private void WarmPromotion()
    {
        var promotion = IpcMessages.Encode(new PromoteMessage(identity.Id));
        _ = IpcMessages.Read<PromoteMessage>(FrameType.Promote, new ReadOnlySequence<byte>(promotion));
    }

    /// <summary>What follows a promotion (<see cref="OnPromoted"/>): the worker's title and its plugins' worker parts.</summary>
    private void Promote(OptionsMessage options, int id)
    {
        ProcessTitle.Set(ProcessTitle.ForWorker(options.Title, id), log);
        AttachPluginParts();
    }

    private void AttachPluginParts()
    {
        foreach (var plugin in plugins.Where(p => p.RunsInWorkers))
        {
            _pluginParts.Add(plugin.Attach(new WorkerPluginContext(plugin.Name, identity.Id, stopping.Token, _activity, _plugins!, log)));
        }
    }

    private async Task<int> RunAbstractAsync(IpcConnection channel, OptionsMessage options)
    {
        if (!identity.IsStandby)
        {
            AttachPluginParts();
        }

        channel.TrySend(FrameType.Connected, []);
        await _stop.Task.ConfigureAwait(false);
        await stopping.CancelAsync().ConfigureAwait(false);

        // The program's own code finishes its work now; if it is still running after the timeout, the worker ends.
        _channelOutlivesRun = true;
        Observable.Timer(TimeSpan.FromMilliseconds(options.TimeoutMs), DefaultScheduler.Instance).Subscribe(_ =>
        {
            channel.TrySend(FrameType.Timeout, []);
            channel.FlushAsync(ClusterDefaults.FinalFlushTimeout).Wait(ClusterDefaults.FinalFlushTimeout);
            Environment.Exit(1);
        });
        return 0;
    }

    private async Task RunChannelAsync(IpcConnection channel)
    {
        try
        {
            await channel.RunAsync((type, payload) =>
            {
                switch (type)
                {
                    case FrameType.Options:
                        _options.TrySetResult(IpcMessages.Read<OptionsMessage>(type, payload));
                        break;
                    case FrameType.Stop:
                        _stop.TrySetResult();
                        break;
                    case FrameType.Promote:
                        OnPromoted(IpcMessages.Read<PromoteMessage>(type, payload).Id);
                        break;
                    case FrameType.Plugin:
                        _plugins?.Receive(payload);
                        break;
                    default:
                        throw new IpcProtocolException($"a master may not send {type} frames");
                }
            }).ConfigureAwait(false);
        }
        catch (IpcProtocolException e)
        {
            log.Write(LogEvents.WorkerBadFrame, identity.Id, Environment.ProcessId, e.Message);
        }

        // The channel ended: the master is gone (or closed it). Stop gracefully on our own.
        _plugins?.Complete();
        _options.TrySetException(new ClusterException("the master closed the IPC channel before it sent the worker's options"));
        _stop.TrySetResult();
    }

    private Socket? AdoptListener()
    {
        if (environment.ListenFd is not int fd)
        {
            return null;
        }

        // Keep the shared socket out of processes this worker starts.
        Libc.SetCloseOnExec(fd, closeOnExec: true);
        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }

    private void SwitchUser(OptionsMessage options)
    {
        if (options.User is null && options.Group is null)
        {
            return;
        }

        var user = options.User is null ? ((uint Uid, uint Gid)?)null : Posix.FindUser(options.User)
            ?? throw new ClusterException($"user '{options.User}' does not exist");
        var gid = options.Group is null ? user?.Gid : Posix.FindGroup(options.Group)
            ?? throw new ClusterException($"group '{options.Group}' does not exist");
        try
        {
            Posix.SwitchUser(user?.Uid, gid);
        }
        catch (ClusterException e)
        {
            throw new ClusterException($"{Name} cannot switch to user '{options.User ?? "(unchanged)"}' group '{options.Group ?? "(primary)"}': {e.Message}; the master must run as root to change user", e);
        }
    }

    private void OnUnhandledException(object sender, UnhandledExceptionEventArgs e)
    {
        if (e.ExceptionObject is Exception exception)
        {
            ReportAsync(exception).Wait(ClusterDefaults.FinalFlushTimeout);
        }
    }

    /// <summary>Keeps a report within one IPC frame, however long the exception's text.</summary>
    private static string Trim(string text) => text.Length <= MaxReportedText ? text : string.Concat(text.AsSpan(0, MaxReportedText), " …(cut)");

    private Task ReportAsync(Exception e)
    {
        if (_channel is not { } channel || Interlocked.Exchange(ref _exceptionReported, 1) == 1)
        {
            return Task.CompletedTask;
        }

        var message = new ExceptionMessage(e.GetType().FullName ?? e.GetType().Name, Trim(e.Message), Trim(e.StackTrace ?? string.Empty));
        IpcMessages.Send(channel, FrameType.Exception, message);
        return channel.FlushAsync(ClusterDefaults.FinalFlushTimeout);
    }
}
