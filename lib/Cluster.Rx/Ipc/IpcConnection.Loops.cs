using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Cluster.Rx.Internal;

namespace Cluster.Rx.Ipc;

/// <content>The receive and send loops: <c>Do*</c> sorts errors and completes the pipe side, <c>Process*</c> is the plain loop.</content>
internal sealed partial class IpcConnection
{
    private async Task<Exception?> DoReceiveAsync(Action<FrameType, ReadOnlySequence<byte>> onFrame)
    {
        Exception? reason = null;
        Exception? fault = null;
        try
        {
            reason = fault = await ProcessReceivesAsync(onFrame).ConfigureAwait(false);
        }
        catch (IpcProtocolException ex)
        {
            reason = fault = ex;
        }
        catch (Exception ex) when (IsConnectionEnd(ex))
        {
            // Reset, broken pipe, disposed or cancelled transport: the peer is gone, which is a clean end for us.
            reason = ex;
        }
        catch (Exception ex)
        {
            reason = fault = ex;
        }
        finally
        {
            Close();
            CompleteInput(reason);
        }

        return fault;
    }

    // Returns the exception thrown by onFrame, if any; transport and protocol errors are thrown.
    private async Task<Exception?> ProcessReceivesAsync(Action<FrameType, ReadOnlySequence<byte>> onFrame)
    {
        PipeReader input = _transport.Input;
        while (true)
        {
            ReadResult result = await input.ReadAsync().ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            try
            {
                if (result.IsCanceled || _closed)
                {
                    return null;
                }

                // _closed is checked per frame: onFrame may close the connection.
                while (!_closed && FrameParser.TryParseFrame(ref buffer, _maxFrameSize, out FrameType type, out ReadOnlySequence<byte> payload))
                {
                    try
                    {
                        onFrame(type, payload);
                    }
                    catch (Exception ex)
                    {
                        return ex;
                    }
                }

                if (_closed)
                {
                    return null;
                }

                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        throw new IpcProtocolException(
                            $"IPC channel ended in the middle of a frame ({buffer.Length} bytes of an unfinished frame were received)");
                    }

                    return null;
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    private async Task<Exception?> DoSendAsync()
    {
        Exception? reason = null;
        Exception? fault = null;
        try
        {
            reason = await ProcessSendsAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionEnd(ex))
        {
            reason = ex;
        }
        catch (Exception ex)
        {
            reason = fault = ex;
        }
        finally
        {
            Close();
            CompleteOutput(reason);
            DrainPending();
        }

        return fault;
    }

    // Returns why bytes were left unflushed (Close during a flush), so completing the writer does not block on them.
    private async Task<Exception?> ProcessSendsAsync()
    {
        ChannelReader<PendingFrame> pending = _pending.Reader;
        PipeWriter output = _transport.Output;
        while (await pending.WaitToReadAsync().ConfigureAwait(false))
        {
            long batched = 0;
            while (batched < FlushThreshold && !_closed && pending.TryRead(out PendingFrame frame))
            {
                if (frame.FlushWaiter is { } waiter)
                {
                    _flushWaiters.Add(waiter);
                    continue;
                }

                try
                {
                    FrameWriter.WriteFrame(output, frame.Type, frame.Payload);
                }
                finally
                {
                    frame.Release();
                }

                batched += FrameParser.HeaderSize + frame.Length;
            }

            if (_closed)
            {
                return batched == 0 ? null : ClosedReason();
            }

            FlushResult result = await output.FlushAsync().ConfigureAwait(false);
            if (result.IsCanceled)
            {
                return ClosedReason();
            }

            foreach (TaskCompletionSource<bool> waiter in _flushWaiters)
            {
                waiter.TrySetResult(true);
            }

            _flushWaiters.Clear();
            if (result.IsCompleted)
            {
                return null;
            }
        }

        return null;
    }

    private void DrainPending()
    {
        while (_pending.Reader.TryRead(out PendingFrame frame))
        {
            frame.Release();
            frame.FlushWaiter?.TrySetResult(false);
        }

        foreach (TaskCompletionSource<bool> waiter in _flushWaiters)
        {
            waiter.TrySetResult(false);
        }

        _flushWaiters.Clear();
    }

    private static OperationCanceledException ClosedReason() =>
        new("The IPC connection was closed before all written frames were flushed.");

    private static bool IsConnectionEnd(Exception ex) => ex switch
    {
        ObjectDisposedException or OperationCanceledException => true,
        SocketException socket => SocketErrors.IsResetOrAbort(socket.SocketErrorCode),
        IOException { InnerException: SocketException socket } => SocketErrors.IsResetOrAbort(socket.SocketErrorCode),
        _ => false,
    };
}
