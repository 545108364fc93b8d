using System.Net.Sockets;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using System.Text;
using Cluster.Rx.Interop;
using Cluster.Rx.Ipc;

namespace Cluster.Rx;

/// <content>Accepting clients: the peer check, the most sessions, and running each session.</content>
internal sealed partial class ReplServer
{
    private async Task AcceptAsync(Socket listener)
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (SocketException e) when (IpcServer.IsTransient(e.SocketErrorCode))
            {
                // Out of descriptors, or a client that gave up while queued: this connection is lost, the next is not.
                await PauseAsync(e).ConfigureAwait(false);
                continue;
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException or OperationCanceledException)
            {
                return;
            }

            Admit(accepted);
        }
    }

    private void Admit(Socket accepted)
    {
        if (_endPoint.ChecksPeers && Refusal(accepted, out var warning) is { } refusal)
        {
            Refuse(accepted, refusal, warning);
            return;
        }

        ReplSession? session = null;
        lock (_gate)
        {
            if (_disposed)
            {
                accepted.Dispose();
                return;
            }

            if (_sessions.Count < ReplDefaults.MaxSessions)
            {
                if (accepted.ProtocolType == ProtocolType.Tcp)
                {
                    // Answers are small writes that a person waits for.
                    accepted.NoDelay = true;
                }

                session = ReplSession.Over(accepted, _console);
                _sessions.Add(session);
            }
        }

        if (session is null)
        {
            Refuse(
                accepted,
                $"refused: the console serves {ReplDefaults.MaxSessions} clients already; try again when one has gone",
                $"refused a console connection: {ReplDefaults.MaxSessions} clients are connected already, the most it serves");
            return;
        }

        _ = RunAsync(session);
    }

    private async Task RunAsync(ReplSession session)
    {
        try
        {
            await session.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _sessions.Remove(session);
            }
        }
    }

    /// <summary>Why a client may not use the console (the line it is told), or null when it may: its uid is the master's or root's.</summary>
    private static string? Refusal(Socket accepted, out string warning)
    {
        var owner = Posix.EffectiveUserId;
        PeerCredentials peer;
        try
        {
            peer = PeerCredentials.Of(accepted);
        }
        catch (Exception e) when (e is SocketException or ClusterException)
        {
            warning = $"refused a console connection whose peer cannot be identified: {e.Message}";
            return "refused: this console cannot tell who you are";
        }

        warning = $"refused a console connection from pid {peer.Pid} (uid {peer.Uid}): only uid {owner}, the master's, and root may use the console";
        return peer.Uid == owner || peer.Uid == 0 ? null : $"refused: this console belongs to uid {owner}; uid {peer.Uid} may not use it";
    }

    /// <summary>Tells the client <paramref name="line"/> (if its socket takes it at once), closes it and warns.</summary>
    private void Refuse(Socket accepted, string line, string warning)
    {
        // Warned first: by the time the client sees its connection end, the master's log says why.
        _context.Warn(warning);
        try
        {
            accepted.Blocking = false;
            accepted.Send(Encoding.UTF8.GetBytes(line + "\n"));
        }
        catch (SocketException)
        {
            // Gone already, or not taking bytes: closed all the same.
        }
        finally
        {
            accepted.Dispose();
        }
    }

    /// <summary>Out of descriptors or buffers, accepting again at once would spin: wait a little first (on the scheduler).</summary>
    private async Task PauseAsync(SocketException error)
    {
        if (error.SocketErrorCode is not (SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable))
        {
            return;
        }

        _context.Warn($"could not accept a console connection ({error.SocketErrorCode}: {error.Message}); accepting goes on in {ReplDefaults.AcceptPause.TotalMilliseconds} ms");
        await Observable.Timer(ReplDefaults.AcceptPause, _context.Scheduler).ToTask().ConfigureAwait(false);
    }
}
