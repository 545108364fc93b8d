using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Cluster.Rx.Settings;

namespace Cluster.Rx.Ipc;

/// <summary>
/// One duplex IPC channel between the master and a worker: length-prefixed frames (see <see cref="FrameParser"/>)
/// over an <see cref="IDuplexPipe"/>, usually a Unix domain socket.
/// </summary>
/// <remarks>
/// <see cref="RunAsync"/> runs a receive loop and a send loop together; when either ends, the other is stopped.
/// <see cref="TrySend"/>, <see cref="FlushAsync"/>, <see cref="Close"/> and <see cref="DisposeAsync"/> are
/// thread-safe and may be called before, during and after <see cref="RunAsync"/>. Frames sent with
/// <see cref="TrySend"/> are written in order; every frame that is ready goes out before one flush.
/// </remarks>
internal sealed partial class IpcConnection : IAsyncDisposable
{
    // Flush at least this often while draining a long queue, so one burst is not buffered whole.
    private const int FlushThreshold = 64 * 1024;

    private readonly IDuplexPipe _transport;
    private readonly int _maxFrameSize;
    private readonly IDisposable? _ownedStream;
    private readonly Channel<PendingFrame> _pending = Channel.CreateUnbounded<PendingFrame>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<TaskCompletionSource<bool>> _flushWaiters = [];

    // Guarded by _gate: the pipe sides are cancelled only while not yet completed.
    private readonly Lock _gate = new();
    private bool _started;
    private volatile bool _closed;
    private bool _inputCompleted;
    private bool _outputCompleted;

    /// <summary>Creates a connection over <paramref name="transport"/>; nothing is read or written before <see cref="RunAsync"/>.</summary>
    /// <param name="transport">The byte stream both ways; the connection completes both sides when it ends.</param>
    /// <param name="maxFrameSize">The largest payload sent or accepted, in bytes. Defaults to 1 MiB.</param>
    public IpcConnection(IDuplexPipe transport, int maxFrameSize = ClusterDefaults.MaxFrameSize)
        : this(transport, maxFrameSize, ownedStream: null)
    {
    }

    private IpcConnection(IDuplexPipe transport, int maxFrameSize, IDisposable? ownedStream)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrameSize);
        _transport = transport;
        _maxFrameSize = maxFrameSize;
        _ownedStream = ownedStream;
    }

    /// <summary>Connects to the master's IPC socket (the worker's side).</summary>
    /// <param name="unixSocketPath">The path of the master's listening Unix domain socket.</param>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    /// <exception cref="IOException">Nothing accepts connections at <paramref name="unixSocketPath"/>.</exception>
    public static async Task<IpcConnection> ConnectAsync(string unixSocketPath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(unixSocketPath);
        var endPoint = new UnixDomainSocketEndPoint(unixSocketPath);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new IOException(
                $"Cannot connect to the IPC socket '{unixSocketPath}' ({ex.SocketErrorCode}: {ex.Message}); "
                + "check that the master is running and that 'socket path' names its directory.",
                ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return FromSocket(socket);
    }

    /// <summary>Wraps a connected stream socket (the master's side, for each accepted worker); the connection owns it.</summary>
    /// <param name="connected">A connected stream socket; closed when the connection ends.</param>
    public static IpcConnection FromSocket(Socket connected)
    {
        ArgumentNullException.ThrowIfNull(connected);
        var stream = new NetworkStream(connected, ownsSocket: true);
        var transport = new DuplexPipe(
            PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true)),
            PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)));
        return new IpcConnection(transport, ClusterDefaults.MaxFrameSize, stream);
    }

    /// <summary>
    /// Receives and sends until the channel ends. May be called once; after <see cref="Close"/> it returns at once.
    /// </summary>
    /// <param name="onFrame">
    /// Called for each received frame, in order, on the receive loop; the payload is valid only during the call.
    /// An exception from it ends the connection and is thrown from the returned task.
    /// </param>
    /// <returns>
    /// A task that completes when the peer closes at a frame boundary, the connection is reset, or
    /// <see cref="Close"/> is called; it faults with <see cref="IpcProtocolException"/> for a malformed or oversized
    /// frame or a stream that ends mid-frame.
    /// </returns>
    public Task RunAsync(Action<FrameType, ReadOnlySequence<byte>> onFrame)
    {
        ArgumentNullException.ThrowIfNull(onFrame);
        lock (_gate)
        {
            if (_started)
            {
                throw new InvalidOperationException("RunAsync was already called on this IPC connection; it runs once.");
            }

            _started = true;
            if (_closed)
            {
                _stopped.TrySetResult();
                return Task.CompletedTask;
            }
        }

        return RunCoreAsync(onFrame);
    }

    /// <summary>Queues a frame for the send loop (the payload is copied). Thread-safe; frames queue before <see cref="RunAsync"/>.</summary>
    /// <returns><see langword="false"/> once the connection is closed.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The type is not a <see cref="FrameType"/>, or the payload is over the maximum frame size.</exception>
    public bool TrySend(FrameType type, ReadOnlySpan<byte> payload)
    {
        if (!Enum.IsDefined(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, $"'{type}' is not an IPC frame type.");
        }

        if (payload.Length > _maxFrameSize)
        {
            throw new ArgumentOutOfRangeException(
                nameof(payload),
                $"IPC frame of {payload.Length} bytes exceeds the limit of {_maxFrameSize} bytes; send less.");
        }

        if (_closed)
        {
            return false;
        }

        byte[] buffer = payload.IsEmpty ? [] : ArrayPool<byte>.Shared.Rent(payload.Length);
        payload.CopyTo(buffer);
        var frame = new PendingFrame(type, buffer, payload.Length);
        if (_pending.Writer.TryWrite(frame))
        {
            return true;
        }

        frame.Release();
        return false;
    }

    /// <summary>
    /// Waits until every frame queued so far has been written and flushed to the transport.
    /// </summary>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/> waits for the flush or the end.</param>
    /// <returns>
    /// <see langword="true"/> when flushed; <see langword="false"/> when the timeout passed or the connection closed first.
    /// </returns>
    public async Task<bool> FlushAsync(TimeSpan timeout)
    {
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The flush timeout must be zero or more, or infinite.");
        }

        var flushed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.Writer.TryWrite(new PendingFrame(flushed)))
        {
            return false;
        }

        try
        {
            return await flushed.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Ends both loops: a pending read and a pending flush are cancelled and frames not yet written are dropped
    /// (<see cref="FlushAsync"/> first to deliver them). Idempotent; <see cref="TrySend"/> returns false afterwards.
    /// </summary>
    public void Close()
    {
        bool started;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _pending.Writer.TryComplete();
            started = _started;
            if (started && !_inputCompleted)
            {
                _transport.Input.CancelPendingRead();
            }

            if (started && !_outputCompleted)
            {
                _transport.Output.CancelPendingFlush();
            }
        }

        if (!started)
        {
            // Never ran: release what RunAsync would have released.
            CompleteInput(null);
            CompleteOutput(null);
            DrainPending();
            _ownedStream?.Dispose();
        }
    }

    /// <summary>
    /// Closes the connection and waits for <see cref="RunAsync"/> to end (its fault is not rethrown here).
    /// Not to be awaited from inside <c>onFrame</c>, which runs on the loop it waits for; call <see cref="Close"/> there.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Close();
        bool started;
        lock (_gate)
        {
            started = _started;
        }

        if (started)
        {
            await _stopped.Task.ConfigureAwait(false);
        }
    }

    private async Task RunCoreAsync(Action<FrameType, ReadOnlySequence<byte>> onFrame)
    {
        try
        {
            // The send loop first: what is queued (a worker's Hello) goes out before the receive loop's first read,
            // which in a new process is mostly JIT work, so the peer answers meanwhile.
            Task<Exception?> sending = DoSendAsync();
            Task<Exception?> receiving = DoReceiveAsync(onFrame);
            Exception?[] faults = await Task.WhenAll(receiving, sending).ConfigureAwait(false);
            if ((faults[0] ?? faults[1]) is { } fault)
            {
                ExceptionDispatchInfo.Throw(fault);
            }
        }
        finally
        {
            _ownedStream?.Dispose();
            _stopped.TrySetResult();
        }
    }

    private void CompleteInput(Exception? reason)
    {
        lock (_gate)
        {
            if (_inputCompleted)
            {
                return;
            }

            _inputCompleted = true;
        }

        _transport.Input.Complete(reason);
    }

    private void CompleteOutput(Exception? reason)
    {
        lock (_gate)
        {
            if (_outputCompleted)
            {
                return;
            }

            _outputCompleted = true;
        }

        _transport.Output.Complete(reason);
    }
}
