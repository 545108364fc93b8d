using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cluster.Rx.Specs;

/// <summary>A console client on a real socket, for specs: sends lines, reads what comes back, every wait bounded.</summary>
internal sealed class ConsoleClient : IDisposable
{
    public const string Prompt = "cluster> ";

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly StringBuilder _received = new();
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();

    private ConsoleClient(Socket socket) => _socket = socket;

    /// <summary>Everything read so far.</summary>
    public string Received => _received.ToString();

    public static async Task<ConsoleClient> ConnectAsync(EndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, endPoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(Wait);
        try
        {
            await socket.ConnectAsync(endPoint, timeout.Token);
            return new ConsoleClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static Task<ConsoleClient> ConnectAsync(string path) => ConnectAsync(new UnixDomainSocketEndPoint(path));

    /// <summary>Connects, waits for the prompt, sends <paramref name="line"/> and returns its answer (without the prompt that follows).</summary>
    public static async Task<string> AskOnceAsync(EndPoint endPoint, string line)
    {
        using var client = await ConnectAsync(endPoint);
        await client.ReadUntilAsync(Prompt);
        return await client.AskAsync(line);
    }

    public async Task SendAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Wait);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None, timeout.Token);
    }

    /// <summary>Sends <paramref name="line"/> and a line ending; returns what comes back before the next prompt.</summary>
    public async Task<string> AskAsync(string line)
    {
        var from = _received.Length;
        await SendAsync(line + "\n");
        await ReadUntilAsync(Prompt, from);
        var answer = _received.ToString(from, _received.Length - from);
        return answer[..^Prompt.Length];
    }

    /// <summary>Ends the client's side (shutdown(SHUT_WR)); it can still read.</summary>
    public void EndSending() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Reads until what was received from <paramref name="from"/> on ends with <paramref name="suffix"/>; fails when the connection ends first.</summary>
    public async Task ReadUntilAsync(string suffix, int from = 0)
    {
        while (!Received[from..].EndsWith(suffix, StringComparison.Ordinal))
        {
            Assert.True(await ReadSomeAsync(), $"the console closed the connection after '{Received}', before '{suffix}'");
        }
    }

    /// <summary>Reads until the console closes the connection; everything received.</summary>
    public async Task<string> ReadToEndAsync()
    {
        while (await ReadSomeAsync())
        {
        }

        return Received;
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>Reads what is there; false at the end of the connection (or a reset).</summary>
    private async Task<bool> ReadSomeAsync()
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(Wait);
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
            Assert.Fail($"nothing more came from the console within {Wait.TotalSeconds} s after '{Received}'");
            throw;
        }

        var chars = new char[_decoder.GetCharCount(buffer, 0, read)];
        _decoder.GetChars(buffer, 0, read, chars, 0);
        _received.Append(chars);
        return read > 0;
    }
}
