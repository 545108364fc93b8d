using System.Net.Sockets;
using System.Text;

namespace Cluster.Rx.ProcessSpecs.Harness;

/// <summary>A client of a cluster's console (<c>Plugins.Repl</c>) on its Unix socket: sends lines, reads what comes back, every wait bounded.</summary>
internal sealed class ConsoleClient : IDisposable
{
    public const string Prompt = "cluster> ";

    private readonly Socket _socket;
    private readonly StringBuilder _received = new();
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();

    private ConsoleClient(Socket socket) => _socket = socket;

    /// <summary>Everything read so far.</summary>
    public string Received => _received.ToString();

    /// <summary>Connects and reads the first prompt.</summary>
    /// <exception cref="SocketException">Nothing listens at <paramref name="path"/>.</exception>
    public static async Task<ConsoleClient> ConnectAsync(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var client = new ConsoleClient(socket);
        try
        {
            using var timeout = new CancellationTokenSource(Limits.Line);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), timeout.Token);
            await client.ReadUntilAsync(Prompt);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Connects, sends <paramref name="line"/> and returns its answer.</summary>
    public static async Task<string> AskOnceAsync(string path, string line)
    {
        using var client = await ConnectAsync(path);
        return await client.AskAsync(line);
    }

    public async Task SendAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Limits.Line);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None, timeout.Token);
    }

    /// <summary>Sends <paramref name="line"/> and a line ending; returns what comes back before the next prompt.</summary>
    public async Task<string> AskAsync(string line)
    {
        var from = _received.Length;
        await SendAsync(line + "\n");
        await ReadUntilAsync(Prompt, from);
        return _received.ToString(from, _received.Length - from - Prompt.Length);
    }

    /// <summary>Reads until what was received from <paramref name="from"/> on ends with <paramref name="suffix"/>; fails when the connection ends first.</summary>
    public Task ReadUntilAsync(string suffix, int from = 0) =>
        ReadUntilAsync(received => received[from..].EndsWith(suffix, StringComparison.Ordinal), $"'{suffix}'");

    /// <summary>Reads until what was received holds each of <paramref name="parts"/>, in any order; fails when the connection ends first.</summary>
    public Task ReadUntilAllAsync(params string[] parts) =>
        ReadUntilAsync(received => parts.All(p => received.Contains(p, StringComparison.Ordinal)), string.Join(" and ", parts.Select(p => $"'{p}'")));

    private async Task ReadUntilAsync(Func<string, bool> done, string what)
    {
        while (!done(Received))
        {
            Assert.True(await ReadSomeAsync(), $"the console closed the connection after '{Received}', before {what}");
        }
    }

    /// <summary>Reads until the console closes the connection; everything received.</summary>
    public async Task<string> ReadToEndAsync(TimeSpan? limit = null)
    {
        while (await ReadSomeAsync(limit))
        {
        }

        return Received;
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>Reads what is there; false at the end of the connection (or a reset).</summary>
    private async Task<bool> ReadSomeAsync(TimeSpan? limit = null)
    {
        var wait = limit ?? Limits.Line;
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(wait);
        int read;
        try
        {
            read = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"nothing more came from the console within {wait.TotalSeconds:0.#} s after '{Received}'");
            throw;
        }

        var chars = new char[_decoder.GetCharCount(buffer, 0, read)];
        _decoder.GetChars(buffer, 0, read, chars, 0);
        _received.Append(chars);
        return read > 0;
    }
}
