using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Cluster.Rx.Interop;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;

namespace Cluster.Rx.Http.Internal;

/// <summary>
/// A standby's warm-up: before it says it is ready, two requests (one kept alive, one closing) go through Kestrel on
/// a connection of the process's own — a Unix socket pair, never the shared socket — so that the code which reads a
/// connection, parses a request and writes a response is compiled before the standby is promoted, not while its
/// first client waits.
/// </summary>
/// <remarks>
/// The counting middleware answers them (<see cref="AnswerAsync"/>) without calling the app, and they are counted
/// neither as connections nor as requests. A warm-up that fails or takes longer than <see cref="Limit"/> is logged and
/// given up: the standby is only slower to answer its first request.
/// </remarks>
internal sealed class StandbyWarmUp
{
    /// <summary>How long the warm-up may take before the standby says it is ready without it.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    private const int Requests = 2;

    private static readonly byte[] Request = Encoding.ASCII.GetBytes(
        "GET / HTTP/1.1\r\nHost: localhost\r\n\r\nGET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

    private static readonly Action<ILogger, string, Exception?> LogFailed = LoggerMessage.Define<string>(
        LogLevel.Warning,
        new EventId(2, "WarmUpFailed"),
        "The standby's warm-up failed ({Reason}); it will be slower to answer its first request");

    private static readonly Action<ILogger, double, Exception?> LogWarmedUp = LoggerMessage.Define<double>(
        LogLevel.Debug,
        new EventId(3, "WarmedUp"),
        "The standby is warm: its warm-up requests were answered in {Milliseconds:0} ms");

    /// <summary>The id of the warm-up connection: no connection from a client has it.</summary>
    private readonly string _connectionId = $"cluster-warm-up-{Guid.NewGuid():N}";

    public bool IsWarmUp(ConnectionContext connection) => string.Equals(connection.ConnectionId, _connectionId, StringComparison.Ordinal);

    public bool IsWarmUp(HttpContext context) => string.Equals(context.Connection.Id, _connectionId, StringComparison.Ordinal);

    /// <summary>Answers a warm-up request as a small app would: a header and a short body.</summary>
    public static Task AnswerAsync(HttpContext context)
    {
        context.Response.Headers["X-Cluster-Warm-Up"] = "1";
        return context.Response.WriteAsync("warm");
    }

    /// <summary>Hands <paramref name="listener"/> the warm-up connection and waits until Kestrel has answered both requests and closed it.</summary>
    public async Task RunAsync(DrainingListener listener, ILogger logger, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Limit);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var (client, server) = Libc.SocketPair();
            using (client)
            using (var connections = new SocketConnectionContextFactory(new SocketConnectionFactoryOptions(), logger))
            {
                var connection = connections.Create(server);
                connection.ConnectionId = _connectionId;
                try
                {
                    listener.Hand(connection);
                }
                catch (InvalidOperationException)
                {
                    // Kestrel never got it: it is closed here.
                    await connection.DisposeAsync().ConfigureAwait(false);
                    throw;
                }

                await client.SendAsync(Request, limit.Token).ConfigureAwait(false);
                var answers = await ReadToEndAsync(client, limit.Token).ConfigureAwait(false);
                var answered = CountOf(answers, "HTTP/1.1 200 ");
                if (answered == Requests)
                {
                    LogWarmedUp(logger, Stopwatch.GetElapsedTime(started).TotalMilliseconds, null);
                }
                else
                {
                    LogFailed(logger, $"{answered} of {Requests} requests answered", null);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, $"no answer within {Limit.TotalSeconds:0} s", null);
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidOperationException)
        {
            LogFailed(logger, e.Message, e);
        }
    }

    private static async Task<string> ReadToEndAsync(Socket client, CancellationToken cancellationToken)
    {
        var answers = new StringBuilder();
        var buffer = new byte[4096];
        int read;
        while ((read = await client.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            answers.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return answers.ToString();
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
