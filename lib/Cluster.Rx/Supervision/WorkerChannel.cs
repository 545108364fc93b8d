using System.Buffers;
using System.Net.Sockets;
using Cluster.Rx.Extensibility;
using Cluster.Rx.Internal;
using Cluster.Rx.Interop;
using Cluster.Rx.Ipc;
using Cluster.Rx.Settings;

namespace Cluster.Rx.Supervision;

/// <summary>
/// The master's side of one IPC channel. A worker introduces itself (Hello), gets its options, then reports;
/// each report becomes an event. A replacement master introduces itself (Replacement) and waits for the restart
/// snapshot. Plugin frames go to the plugin channels. A bad frame closes this channel only.
/// </summary>
internal sealed class WorkerChannel(Supervisor supervisor, Restarter restarter, MasterChannels plugins, OptionsMessage options, ClusterLog log)
{
    public async Task ServeAsync(Socket socket, PeerCredentials peer)
    {
        var connection = IpcConnection.FromSocket(socket);
        Worker? worker = null;
        IWorkerProcess? process = null;
        var replacement = false;
        try
        {
            await connection.RunAsync((type, payload) =>
            {
                if (worker is not null)
                {
                    Dispatch(worker, type, payload);
                }
                else if (replacement)
                {
                    restarter.OnFailureReport(peer.Pid, type == FrameType.RestartFailed
                        ? IpcMessages.Read<RestartFailedMessage>(type, payload)
                        : throw new IpcProtocolException($"a replacement master may not send {type} frames"));
                }
                else if (type == FrameType.Replacement)
                {
                    replacement = restarter.Attach(connection, peer.Pid)
                        ? true
                        : throw new IpcProtocolException($"pid {peer.Pid} says it is the new master, but this master started no such replacement");
                }
                else
                {
                    (worker, process) = Introduce(connection, peer, type, payload);
                }
            }).ConfigureAwait(false);
        }
        catch (IpcProtocolException e)
        {
            var who = worker is null ? $"pid {peer.Pid}" : $"worker {worker.Id} (pid {worker.Pid})";
            log.Write(LogEvents.IpcChannelClosed, who, e.Message);
        }
        finally
        {
            process?.Detach();
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private (Worker, IWorkerProcess) Introduce(IpcConnection connection, PeerCredentials peer, FrameType type, ReadOnlySequence<byte> payload)
    {
        if (type != FrameType.Hello)
        {
            throw new IpcProtocolException($"the first frame must be {FrameType.Hello}, not {type}");
        }

        var hello = IpcMessages.Read<HelloMessage>(type, payload);
        if (hello.Pid != peer.Pid)
        {
            throw new IpcProtocolException($"the peer is pid {peer.Pid} but says it is pid {hello.Pid}");
        }

        var process = supervisor.Table.Find(hello.Id, hello.Pid)
            ?? supervisor.FindOnLoop(hello.Id, hello.Pid, ClusterDefaults.HandshakeTimeout)
            ?? throw new IpcProtocolException($"pid {hello.Pid} says it is worker {hello.Id}, which this master did not start");
        IpcMessages.Send(connection, FrameType.Options, options);
        process.Attach(connection);
        return (new Worker(hello.Id, hello.Pid), process);
    }

    private void Dispatch(Worker introduced, FrameType type, ReadOnlySequence<byte> payload)
    {
        // A standby takes another id when it is promoted (before it is told so): its frames speak for that one.
        var worker = supervisor.Table.WorkerOf(introduced.Pid) ?? introduced;
        switch (type)
        {
            case FrameType.Connected:
                supervisor.Report(worker.Id, worker.Pid, (at, w) => new WorkerConnected(at, w));
                break;
            case FrameType.Exception:
                var exception = IpcMessages.Read<ExceptionMessage>(type, payload);
                supervisor.Report(worker.Id, worker.Pid, (at, w) => new WorkerException(at, w, exception.Type, exception.Message, exception.StackTrace));
                break;
            case FrameType.Waiting:
                var waiting = IpcMessages.Read<WaitingMessage>(type, payload);
                supervisor.Report(worker.Id, worker.Pid, (at, w) => new WorkerWaiting(at, w, waiting.Connections));
                break;
            case FrameType.Timeout:
                supervisor.Report(worker.Id, worker.Pid, (at, w) => new WorkerTimeout(at, w));
                break;
            case FrameType.Plugin:
                plugins.Receive(worker, payload);
                break;
            case FrameType.Heartbeat:
                supervisor.Heartbeat(worker.Pid);
                break;
            case FrameType.Recycle:
                var recycle = IpcMessages.Read<RecycleMessage>(type, payload);
                supervisor.RecycleRequested(worker.Id, worker.Pid, recycle.Requests, recycle.Limit);
                break;
            default:
                throw new IpcProtocolException($"a worker may not send {type} frames");
        }
    }
}
