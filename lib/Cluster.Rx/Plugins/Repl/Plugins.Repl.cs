using Cluster.Rx.Supervision;

namespace Cluster.Rx;

/// <content>The console plugin.</content>
public static partial class Plugins
{
    /// <summary>
    /// A line console on TCP (<c>telnet 127.0.0.1 PORT</c>) for operators and scripts; see <see cref="Repl(string)"/>
    /// for the commands and the syntax. TCP has no peer credentials: whoever reaches the port controls the cluster, so
    /// it listens on loopback unless <paramref name="host"/> says otherwise, and then the master writes a warning.
    /// </summary>
    /// <param name="port">The port, 1 to 65535. A port another program holds stops the master before any worker starts (exit code 1).</param>
    /// <param name="host">The address to listen on; defaults to 127.0.0.1. One that is not loopback is warned about.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is not 1 to 65535.</exception>
    /// <exception cref="ArgumentException"><paramref name="host"/> is empty.</exception>
    public static Plugin Repl(int port, string host = "127.0.0.1")
    {
        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "give the console a port from 1 to 65535");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        return Repl(new ReplTcpEndPoint(host, port), ReplacementEnvironment.IsReplacement);
    }

    /// <summary>
    /// A line console on the Unix socket <paramref name="unixPath"/> (<c>nc -U PATH</c>, <c>socat - UNIX:PATH</c>), for
    /// operators and scripts. The socket is mode 0600 and a client whose uid (its peer credentials) is neither the
    /// master's nor root's is told it is refused and disconnected, and the master writes a warning.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The console writes the prompt <c>cluster&gt; </c> and answers each line: <c>name(args)</c> or <c>name args</c>
    /// (arguments: numbers, words such as <c>SIGTERM</c>, "double" or 'single' quoted strings with backslash escapes;
    /// commas between them in parentheses); an empty line just prompts again. Its commands are the original's:
    /// <c>help()</c> (every command, its usage and description), <c>spawn(n)</c> (n more workers; a negative n stops
    /// -n), <c>pids()</c> (the master's and every worker's), <c>kill(id, signal)</c> (default SIGTERM; the worker is
    /// replaced), <c>shutdown()</c> (graceful, <see cref="Master.Close"/>), <c>stop()</c> (hard,
    /// <see cref="Master.Destroy"/>), <c>restart()</c> (zero downtime, <see cref="Master.Restart"/>),
    /// <c>echo(msg)</c>; then the commands plugins offer (<c>stats()</c> with <c>Plugins.Stats</c>), then yours
    /// (<see cref="Cluster.Rx.Repl.Define(string, Func{CommandCall, object}, string)"/>). An unknown command or bad
    /// arguments get one line <c>error: …</c> and the console goes on.
    /// </para>
    /// <para>
    /// For scripts, a line that starts with <c>json</c> (<c>json pids()</c>) is answered with exactly one line of JSON
    /// of its own: <c>{"ok":true,"result":…}</c> or <c>{"ok":false,"error":"…"}</c>. Several clients are served at
    /// once, each in order; a line longer than 16 KiB is answered with an error and its connection closed; a client
    /// that goes mid-command harms nothing (the command finishes; its <see cref="CommandCall.Cancellation"/> is
    /// cancelled). Clients are told <c>restarting - closing connection soon</c> when the master restarts, and when it
    /// begins shutting down it lets the socket go, so that after a restart the new master serves the console at the
    /// same path; each master removes the socket file only while it is its own.
    /// </para>
    /// </remarks>
    /// <param name="unixPath">
    /// The socket's path; a relative path is taken against the master's <c>working directory</c>. Its directory must
    /// exist. A stale socket file (nobody listening) is replaced; a path another process listens on, a missing
    /// directory or a file that is not a socket stops the master before any worker starts, with an error naming it
    /// (exit code 1).
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="unixPath"/> is empty.</exception>
    public static Plugin Repl(string unixPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(unixPath);
        return Repl(new ReplUnixEndPoint(unixPath), ReplacementEnvironment.IsReplacement);
    }

    /// <param name="endPoint">Where the console listens.</param>
    /// <param name="replacement">
    /// True in a master started by a zero-downtime restart, whose predecessor holds the address until it begins
    /// shutting down. Read when the plugin is made, before <see cref="Master.RunAsync"/> takes the restart's
    /// variables out of the environment.
    /// </param>
    internal static Plugin Repl(ReplEndPoint endPoint, bool replacement) =>
        Plugin.Create("repl", context => ReplServer.Start(context, endPoint, replacement));
}
