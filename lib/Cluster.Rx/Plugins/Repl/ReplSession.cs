using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Cluster.Rx.Ipc;

namespace Cluster.Rx;

/// <summary>
/// One client of the console, over a duplex pipe (a socket's, or in-memory ones in specs): a prompt, then for each
/// whole line the console's answer and a prompt again, in order, until the client ends its side.
/// </summary>
/// <remarks>
/// Two loops run together (<see cref="RunAsync"/>): the receive loop cuts lines (<see cref="ReplLines"/>) and queues
/// them, the answer loop runs them one at a time and writes the answers. A half-sent line waits for its rest; a
/// line left unfinished at the end runs nothing; lines queued before the end still run (a script may send its
/// commands and close its side). When the client has gone (its side ended, the connection was reset, or an
/// answer cannot be written) <see cref="CommandCall.Cancellation"/> is cancelled; a command under way still
/// finishes, and an answer that cannot be written is dropped quietly. <see cref="Notify"/> and
/// <see cref="Close"/> are thread-safe.
/// </remarks>
internal sealed partial class ReplSession
{
    private readonly IDuplexPipe _transport;
    private readonly ReplConsole _console;
    private readonly int _maxLineLength;
    private readonly IDisposable? _owned;
    private readonly Channel<ReplInput> _lines = Channel.CreateBounded<ReplInput>(
        new BoundedChannelOptions(ReplDefaults.LinesAhead) { SingleReader = true, SingleWriter = true });

    // Cancelled when the client has gone: what CommandCall.Cancellation carries.
    private readonly CancellationTokenSource _gone = new();

    // Cancelled when the session ends (either loop gives up, or Close): stops every wait.
    private readonly CancellationTokenSource _ending = new();

    // One writer at a time: answers, notices and the completion of the output.
    private readonly SemaphoreSlim _writing = new(1, 1);
    private bool _outputCompleted;
    private bool _writeFailed;
    private int _started;

    /// <summary>A session over <paramref name="transport"/>; nothing is read or written before <see cref="RunAsync"/>.</summary>
    /// <param name="transport">The client's bytes both ways; the session completes both sides when it ends.</param>
    /// <param name="console">Runs the lines.</param>
    /// <param name="maxLineLength">The longest line taken, in bytes. Defaults to 16 KiB (<see cref="ReplDefaults.MaxLineLength"/>).</param>
    /// <param name="owned">Disposed when the session has ended (the socket under the pipes).</param>
    public ReplSession(IDuplexPipe transport, ReplConsole console, int maxLineLength = ReplDefaults.MaxLineLength, IDisposable? owned = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLineLength);
        _transport = transport;
        _console = console;
        _maxLineLength = maxLineLength;
        _owned = owned;
    }

    /// <summary>A session over a connected socket, which it owns.</summary>
    public static ReplSession Over(Socket connected, ReplConsole console)
    {
        ArgumentNullException.ThrowIfNull(connected);
        var stream = new NetworkStream(connected, ownsSocket: true);
        var transport = new DuplexPipe(
            PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true)),
            PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)));
        return new ReplSession(transport, console, ReplDefaults.MaxLineLength, stream);
    }

    /// <summary>Serves the client until it ends its side and every whole line it sent is answered, the connection fails, or <see cref="Close"/>.</summary>
    /// <returns>A task that completes when the session has ended and both pipe sides are completed; it does not fault.</returns>
    /// <exception cref="InvalidOperationException">It runs already.</exception>
    public async Task RunAsync()
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("this console session runs already; RunAsync runs once");
        }

        try
        {
            await Task.WhenAll(DoReceiveAsync(), DoAnswerAsync()).ConfigureAwait(false);
        }
        finally
        {
            _owned?.Dispose();
        }
    }

    /// <summary>Writes <paramref name="text"/> to the client on a line of its own, then the prompt again; dropped once the session has ended.</summary>
    public void Notify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _ = WriteAsync(ReplReply.Notice(text) + ReplDefaults.Prompt);
    }

    /// <summary>Ends the session: a pending read or write gives up, no further line runs (a command under way finishes unanswered).</summary>
    public void Close()
    {
        _gone.Cancel();
        _ending.Cancel();
    }

    /// <summary>
    /// Writes and flushes <paramref name="text"/>; false when it could not be (the client has gone, the session has
    /// ended), after which the client counts as gone and nothing more is written.
    /// </summary>
    private async Task<bool> WriteAsync(string text)
    {
        try
        {
            await _writing.WaitAsync(_ending.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        try
        {
            if (_outputCompleted || _writeFailed)
            {
                return false;
            }

            var output = _transport.Output;
            Encoding.UTF8.GetBytes(text, output);
            var result = await output.FlushAsync(_ending.Token).ConfigureAwait(false);
            return !result.IsCompleted && !result.IsCanceled || Failed();
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            return Failed();
        }
        finally
        {
            _writing.Release();
        }
    }

    private bool Failed()
    {
        _writeFailed = true;
        _gone.Cancel();
        return false;
    }
}
