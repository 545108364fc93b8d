using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Cluster.Rx.Internal;

namespace Cluster.Rx;

/// <content>The receive and answer loops: <c>Do*</c> sorts errors and completes its pipe side, <c>Process*</c> is the plain loop.</content>
internal sealed partial class ReplSession
{
    private async Task DoReceiveAsync()
    {
        Exception? reason = null;
        try
        {
            await ProcessReceivesAsync().ConfigureAwait(false);
        }
        catch (ReplLineTooLongException e)
        {
            // The lines before it are answered first, then this, and the session ends.
            reason = e;
            await QueueAsync(new ReplInput(ReplReply.Error(e.Message, json: false), IsLast: true)).ConfigureAwait(false);
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            // Reset, or the session was closed: the client is gone, which is a clean end for us.
            reason = e;
        }
        catch (Exception e)
        {
            reason = e;
            _ending.Cancel();
        }
        finally
        {
            // The client sends no more: what it sent whole still runs, but as far as commands can tell it has gone.
            _gone.Cancel();
            _lines.Writer.TryComplete();
            await _transport.Input.CompleteAsync(reason).ConfigureAwait(false);
        }
    }

    private async Task ProcessReceivesAsync()
    {
        var input = _transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(_ending.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                while (ReplLines.TryReadLine(ref buffer, _maxLineLength, out var line))
                {
                    // Copied out (decoded) before the buffer is advanced past it.
                    await _lines.Writer.WriteAsync(new ReplInput(Encoding.UTF8.GetString(line), IsLast: false), _ending.Token).ConfigureAwait(false);
                }

                // At the end, an unfinished line runs nothing.
                if (result.IsCompleted || result.IsCanceled)
                {
                    return;
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    private async Task DoAnswerAsync()
    {
        try
        {
            await ProcessAnswersAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_ending.IsCancellationRequested)
        {
            // Closed: the command under way finishes on the master's loop, unanswered.
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            // The client has gone while its answer was written.
        }
        catch (Exception)
        {
            // A fault of the console itself ends this one session, never the master: RunAsync does not fault.
            _writeFailed = true;
        }
        finally
        {
            // Stops the receive loop too when this one ends first (a line too long, Close).
            _ending.Cancel();
            await CompleteOutputAsync().ConfigureAwait(false);
        }
    }

    private async Task ProcessAnswersAsync()
    {
        await WriteAsync(ReplDefaults.Prompt).ConfigureAwait(false);
        await foreach (var input in _lines.Reader.ReadAllAsync(_ending.Token).ConfigureAwait(false))
        {
            if (input.IsLast)
            {
                await WriteAsync(input.Text).ConfigureAwait(false);
                return;
            }

            // Run even when the answer cannot be written: a script may send its commands and go.
            var reply = await _console.EvaluateAsync(input.Text, _gone.Token, _ending.Token).ConfigureAwait(false);
            await WriteAsync(reply + ReplDefaults.Prompt).ConfigureAwait(false);
        }
    }

    private async Task QueueAsync(ReplInput input)
    {
        try
        {
            await _lines.Writer.WriteAsync(input, _ending.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            // The answer loop has ended: nobody is left to tell.
        }
    }

    private async Task CompleteOutputAsync()
    {
        // No token: _ending is cancelled, so a write under way gives up at once.
        await _writing.WaitAsync().ConfigureAwait(false);
        try
        {
            _outputCompleted = true;

            // After a failed write, completing with its reason leaves the unsent bytes unsent instead of waiting on them.
            await _transport.Output.CompleteAsync(_writeFailed ? new IOException("the console client has gone") : null).ConfigureAwait(false);
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            // The last bytes could not be flushed: the client has gone.
        }
        finally
        {
            _writing.Release();
        }
    }

    private static bool IsConnectionEnd(Exception e) => e switch
    {
        ObjectDisposedException or OperationCanceledException => true,
        SocketException socket => SocketErrors.IsResetOrAbort(socket.SocketErrorCode),
        IOException => true,
        _ => false,
    };
}
