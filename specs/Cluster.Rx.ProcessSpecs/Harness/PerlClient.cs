using System.Diagnostics;
using Mono.Unix.Native;

namespace Cluster.Rx.ProcessSpecs.Harness;

/// <summary>
/// A console client in a process of its own (perl, which every Linux has and any user can run): it connects to a Unix
/// socket, sends lines, then copies what it reads to its stdout until the connection ends, or stays connected. It can
/// run as another user (through <c>setpriv</c>, when this process is root), and be killed. Dispose kills and reaps it.
/// </summary>
internal sealed class PerlClient : IDisposable
{
    // Connects to ARGV[0], sends ARGV[1] (lines separated by \n), prints 'connected', then either copies the
    // connection to stdout until it ends, or (ARGV[2] = 'stay') stays connected without reading until it is killed.
    private const string Script =
        "use IO::Socket::UNIX; $| = 1; $SIG{PIPE} = 'IGNORE'; " +
        "my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Peer => $ARGV[0]) or die \"connect: $!\\n\"; " +
        "print $s $ARGV[1]; $s->flush; print \"connected\\n\"; " +
        "if (($ARGV[2] // '') eq 'stay') { sleep 600; exit 0 } " +
        "my $buffer; while (sysread($s, $buffer, 4096)) { print $buffer }";

    private readonly Process _process;
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task<string> _output;
    private readonly Task<string> _errors;

    private PerlClient(Process process)
    {
        _process = process;
        _output = ReadAsync(process.StandardOutput);
        _errors = process.StandardError.ReadToEndAsync();
    }

    public int Pid => _process.Id;

    /// <summary>Starts a client of <paramref name="path"/> that sends <paramref name="lines"/>; as <paramref name="uid"/> when given (needs root).</summary>
    public static PerlClient Start(string path, string lines, bool stay = false, uint? uid = null)
    {
        Assert.True(File.Exists("/usr/bin/perl"), "these specs run a console client with /usr/bin/perl, which is missing");
        var start = new ProcessStartInfo(uid is null ? "/usr/bin/perl" : "/usr/bin/setpriv")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        if (uid is uint id)
        {
            start.ArgumentList.Add($"--reuid={id}");
            start.ArgumentList.Add($"--regid={id}");
            start.ArgumentList.Add("--clear-groups");
            start.ArgumentList.Add("/usr/bin/perl");
        }

        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(path);
        start.ArgumentList.Add(lines);
        if (stay)
        {
            start.ArgumentList.Add("stay");
        }

        return new PerlClient(Process.Start(start) ?? throw new InvalidOperationException("could not start perl"));
    }

    /// <summary>Waits for the client to end by itself; what it printed on stdout. Fails the spec if it does not end within <paramref name="limit"/>.</summary>
    public async Task<string> OutputAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the console client {Pid} did not end within {limit.TotalSeconds:0.#} s");
        }

        return await _output.WaitAsync(limit);
    }

    /// <summary>What it printed on stderr, once it has ended.</summary>
    public Task<string> ErrorsAsync(TimeSpan limit) => _errors.WaitAsync(limit);

    /// <summary>Waits until it has connected and sent its lines (it prints <c>connected</c>).</summary>
    public async Task ConnectedAsync(TimeSpan limit)
    {
        try
        {
            await _connected.Task.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"the console client {Pid} did not connect within {limit.TotalSeconds:0.#} s");
        }
    }

    /// <summary>Its stdout after the line <c>connected</c>, until it ends.</summary>
    private async Task<string> ReadAsync(StreamReader reader)
    {
        var text = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line == "connected" && _connected.TrySetResult())
            {
                continue;
            }

            text.Append(line).Append('\n');
        }

        _connected.TrySetException(new InvalidOperationException($"the console client ended without connecting: {text}"));
        return text.ToString();
    }

    public void Kill() => Assert.True(Syscall.kill(Pid, Signum.SIGKILL) == 0, $"could not kill the console client {Pid}");

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }

        _process.WaitForExit(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }
}
