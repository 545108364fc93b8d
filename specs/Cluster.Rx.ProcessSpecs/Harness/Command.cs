using System.Diagnostics;
using System.Text;

namespace Cluster.Rx.ProcessSpecs.Harness;

/// <summary>
/// A command run to its end (a <c>dotnet pack</c>, a <c>dotnet build</c>) with its stdout and stderr collected,
/// bounded in time. Every process it starts carries a marker of its own in its environment; once the command has
/// ended, or at its limit, every live process that carries the marker is killed (a build node or compiler server
/// left behind included), so nothing the spec started outlives it.
/// </summary>
internal static class Command
{
    private const string MarkerVariable = "CLUSTER_SPEC_COMMAND";
    // Set by the `dotnet test` that runs these specs, for its own MSBuild: a nested `dotnet` finds its own.
    private static readonly string[] InheritedNotWantedPrefixes = ["MSBUILD", "VSTEST", "TESTINGPLATFORM"];

    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>;
    /// <paramref name="environment"/> adds variables. Fails the spec, with everything the command printed, when it
    /// does not exit 0 within <paramref name="limit"/>. What it printed, when it succeeds.
    /// </summary>
    public static async Task<string> RunAsync(
        string program, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan limit)
    {
        var marker = Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(n => InheritedNotWantedPrefixes.Any(p => n.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment[MarkerVariable] = marker;
        var command = $"{program} {string.Join(' ', start.ArgumentList)} (in {workingDirectory})";
        var output = new StringBuilder();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        Assert.True(process.Start(), $"could not start {command}");
        try
        {
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var timeout = new CancellationTokenSource(limit);
            try
            {
                // Also waits for the end of its output.
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"{command} did not end within {limit.TotalSeconds:0} s; it printed:\n{Text(output)}");
            }

            Assert.True(
                process.ExitCode == 0,
                $"{command} exited {process.ExitCode} after {clock.Elapsed.TotalSeconds:0.0} s; it printed:\n{Text(output)}");
            return Text(output);
        }
        finally
        {
            KillOurs(process, $"{MarkerVariable}={marker}");
        }
    }

    private static void KillOurs(Process process, string marker)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }

        var clock = Stopwatch.StartNew();
        IReadOnlyList<int> left;
        while ((left = OsProcess.FindByMarker(marker)).Count > 0 && clock.Elapsed < Limits.Exit)
        {
            foreach (var pid in left)
            {
                OsProcess.Signal(pid, Mono.Unix.Native.Signum.SIGKILL);
            }

            Thread.Sleep(Limits.Poll);
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Append(line).Append('\n');
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
