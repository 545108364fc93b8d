using System.Diagnostics;
using System.Globalization;
using Cluster.Rx.Interop;

namespace Cluster.Rx.Specs;

/// <summary>
/// <c>status</c>: the table it prints and its exit codes, from a real pid directory; alive and dead are real processes
/// (this process, a child that has exited and been reaped, a zombie).
/// </summary>
public sealed class CliStatusSpecs : IDisposable
{
    private readonly CliSpecContext _cli = new();

    [Fact]
    public void Render_AlignsEveryColumn_AndPaintsOnlyTheStatus()
    {
        StatusRow[] rows = [new("master", 1200, true), new("worker.0", 98, true), new("worker.10", 123456, false)];

        var plain = StatusTable.Render(rows, (text, _) => text);
        var painted = StatusTable.Render(rows, (text, sgr) => $"<{sgr}>{text}");

        Assert.Equal(
            [
                "NAME       PID     STATUS",
                "master     1200    alive",
                "worker.0   98      alive",
                "worker.10  123456  dead",
            ],
            plain);
        Assert.Equal(["NAME       PID     STATUS", "master     1200    <32>alive", "worker.0   98      <32>alive", "worker.10  123456  <31>dead"], painted);
    }

    [Fact]
    public void Paint_ColoursOnlyWhenAsked()
    {
        Assert.Equal("\u001b[32malive\u001b[0m", new CliConsole(TextWriter.Null, TextWriter.Null, Colour: true).Paint("alive", 32));
        Assert.Equal("alive", new CliConsole(TextWriter.Null, TextWriter.Null, Colour: false).Paint("alive", 32));
    }

    [Fact]
    public async Task Status_MasterAlive_PrintsEveryFileInOrder_ExitCodeZero()
    {
        var me = Environment.ProcessId;
        var dead = ReapedChild();
        _cli.Write("worker.10", me);
        _cli.Write("worker.2", dead);
        _cli.Write("worker.0", me);
        _cli.Write("master", me);
        File.WriteAllText(Path.Combine(_cli.Pids, "other.pid"), "1\n");

        var code = await _cli.Runner(PosixProcessControl.Instance).Answer(Run("status"))!;

        Assert.Equal(0, code);
        Assert.Equal(
            [["NAME", "PID", "STATUS"], ["master", $"{me}", "alive"], ["worker.0", $"{me}", "alive"], ["worker.2", $"{dead}", "dead"], ["worker.10", $"{me}", "alive"]],
            _cli.OutLines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Empty(_cli.ErrorLines);
    }

    [Fact]
    public async Task Status_MasterDead_ExitCodeThree()
    {
        _cli.Write("master", ReapedChild());

        var code = await _cli.Runner(PosixProcessControl.Instance).Answer(Run("-s"))!;

        Assert.Equal(3, code);
        Assert.EndsWith(" dead", _cli.OutLines[1]);
    }

    [Fact]
    public async Task Status_NoPidFiles_IsNotRunning_ExitCodeThree()
    {
        var code = await _cli.Runner().Answer(Run("--status"))!;

        Assert.Equal(3, code);
        Assert.Equal([$"not running: no pid files in {_cli.Pids}"], _cli.OutLines);
    }

    [Fact]
    public async Task Status_WorkersButNoMasterPid_ListsThem_AndIsNotRunning_ExitCodeThree()
    {
        _cli.Processes.Alive.Add(501);
        _cli.Write("worker.0", 501);
        File.WriteAllText(Path.Combine(_cli.Pids, "master.pid"), "garbage\n");

        var code = await _cli.Runner().Answer(Run("status"))!;

        Assert.Equal(3, code);
        Assert.Equal(["NAME      PID  STATUS", "worker.0  501  alive", $"not running: no master.pid in {_cli.Pids}"], _cli.OutLines);
    }

    [Fact]
    public void IsAlive_ThisProcess_AReapedChild_AZombie_PidZero()
    {
        var dead = ReapedChild();
        using var parent = ZombieParent(out var zombie);
        try
        {
            Assert.True(ProcessProbe.IsAlive(Environment.ProcessId));
            Assert.False(ProcessProbe.IsAlive(dead));
            Assert.Equal(KillResult.Sent, Libc.Kill(zombie, 0));
            Assert.False(ProcessProbe.IsAlive(zombie));
            Assert.False(ProcessProbe.IsAlive(0));
            Assert.False(ProcessProbe.IsAlive(-1));
            Assert.Throws<ArgumentOutOfRangeException>(() => Libc.Kill(0, 0));
        }
        finally
        {
            parent.Kill();
            parent.WaitForExit(TimeSpan.FromSeconds(10));
        }
    }

    public void Dispose() => _cli.Dispose();

    private PluginRun Run(params string[] arguments) => new(_cli.Master, arguments);

    /// <summary>The pid of a child that has exited and been reaped: no process has it (until the pid is reused).</summary>
    private static int ReapedChild()
    {
        using var child = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!;
        Assert.True(child.WaitForExit(TimeSpan.FromSeconds(10)), "/bin/true did not exit within 10 s");
        return child.Id;
    }

    /// <summary>
    /// A process (sleep) whose child has exited and is never reaped: a zombie. The shell starts the child (which
    /// outlives the shell's exec by a moment), prints its pid and becomes sleep, which does not wait for children.
    /// </summary>
    private static Process ZombieParent(out int zombie)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("sleep 0.2 & echo $!; exec sleep 30");
        var parent = Process.Start(start)!;
        zombie = int.Parse(parent.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture);
        var pid = zombie;
        Assert.True(
            SpinWait.SpinUntil(() => State(pid) == 'Z', TimeSpan.FromSeconds(10)),
            $"child {pid} did not become a zombie within 10 s (state {State(pid)})");
        return parent;
    }

    private static char State(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return '?';
        }
    }
}
