using System.Reactive.Linq;

namespace Cluster.Rx;

/// <content>The pid files plugin.</content>
public static partial class Plugins
{
    /// <summary>
    /// Pid files in directory <paramref name="path"/>: <c>master.pid</c> and <c>worker.N.pid</c>, each the pid in
    /// decimal and a newline, written atomically (a temporary file in the same directory, then a rename), rewritten
    /// when a worker is replaced and removed once the master has closed. Across a zero-downtime restart
    /// <c>master.pid</c> names the new master from the moment it takes over (every one of its workers connected), so a
    /// service manager's <c>PIDFile=</c> follows it; the old master leaves it, and removes a worker's file only while
    /// it still holds that worker's pid. <see cref="Master.PidOf"/> reads them. The logic is
    /// <see cref="PidFileObservable.ToPidFileChanges"/>.
    /// </summary>
    /// <param name="path">
    /// The directory, created if missing; a relative path is taken against the master's <c>working directory</c>
    /// setting (by default the program's directory). A directory that cannot be created or written stops the master
    /// before any worker starts, with an error naming it (exit code 1).
    /// </param>
    /// <remarks>A file that cannot be written later is a warning in the master's log; the master goes on.</remarks>
    public static Plugin PidFiles(string path = "pids")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);

        return Plugin.Create(
            "pidfiles",
            context =>
            {
                var directory = PidDirectory.Open(path);
                context.Writes(directory.Path);
                return context.Events.ToPidFileChanges().Subscribe(change => Apply(context, directory, change));
            },
            used: master => master.PidDirectory = path);
    }

    private static void Apply(IPluginContext context, PidDirectory directory, PidFileChange change)
    {
        try
        {
            directory.Apply(change);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Warn($"cannot {(change.Action == PidFileAction.Write ? "write" : "remove")} {directory.FileOf(change.Name)}: {e.Message}");
        }
    }
}
