namespace Cluster.Rx;

/// <summary>
/// <c>status</c>: the master and each worker from the pid files, pid and alive or dead, as an aligned table. Exit
/// code 0 when the master is alive; 3 when it is not (no pid files, no <c>master.pid</c>, or a stale one), as an
/// init script's status is.
/// </summary>
internal static class StatusCommand
{
    /// <summary>The exit code that says "not running" (LSB init scripts' status).</summary>
    public const int NotRunning = 3;

    public static Task<int> RunAsync(CliContext context)
    {
        var files = context.PidFiles.ReadAll();
        if (files.Count == 0)
        {
            context.Console.Line($"not running: no pid files in {context.PidFiles.Directory}");
            return Task.FromResult(NotRunning);
        }

        var rows = files.Select(f => new StatusRow(f.Name, f.Pid, context.Processes.IsAlive(f.Pid))).ToList();
        foreach (var line in StatusTable.Render(rows, context.Console.Paint))
        {
            context.Console.Line(line);
        }

        if (rows[0] is not { Name: PidFileSet.Master } master)
        {
            context.Console.Line($"not running: no master.pid in {context.PidFiles.Directory}");
            return Task.FromResult(NotRunning);
        }

        return Task.FromResult(master.Alive ? 0 : NotRunning);
    }
}
