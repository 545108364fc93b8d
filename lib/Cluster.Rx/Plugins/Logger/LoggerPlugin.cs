using System.Reactive.Disposables;

namespace Cluster.Rx;

/// <summary>
/// What <see cref="Plugins.Logger"/> does in the master: takes the workers' output into <c>workers.access.log</c>
/// (stdout) and <c>workers.error.log</c> (stderr), writes the event lines to <c>master.log</c>, and reopens all
/// three on SIGUSR1.
/// </summary>
internal static class LoggerPlugin
{
    public const string MasterLog = "master.log";
    public const string AccessLog = "workers.access.log";
    public const string ErrorLog = "workers.error.log";

    /// <summary>Opens the files and subscribes; returns what flushes and closes them.</summary>
    /// <exception cref="IOException">The directory cannot be created or its files opened; the message names it.</exception>
    public static IDisposable Attach(IPluginContext context, string path, LineLevel minimum)
    {
        var directory = LogDirectory.Prepare(path);
        context.Writes(directory);
        var files = new CompositeDisposable();
        try
        {
            var master = Open(context, directory, MasterLog, files);
            var access = Open(context, directory, AccessLog, files);
            var errors = Open(context, directory, ErrorLog, files);
            LogFile[] all = [master, access, errors];

            // Subscriptions first, so they end before the files are flushed and closed.
            return new CompositeDisposable(
                context.TakeOutput().Subscribe(output => (output.Kind == OutputKind.Stdout ? access : errors).Append(output.Line)),
                context.Events.ToLogLines(minimum).Subscribe(master.Append),
                context.Log.ToLogLines(minimum).Subscribe(master.Append),
                context.Signals(Signal.SIGUSR1).Subscribe(_ => Array.ForEach(all, file => file.Reopen())),
                files);
        }
        catch
        {
            files.Dispose();
            throw;
        }
    }

    private static LogFile Open(IPluginContext context, string directory, string name, CompositeDisposable files)
    {
        try
        {
            var file = LogFile.Open(Path.Combine(directory, name), context.Scheduler, context.Warn);
            files.Add(file);
            return file;
        }
        catch (IOException e)
        {
            throw LogDirectory.Unwritable(directory, e);
        }
    }
}
