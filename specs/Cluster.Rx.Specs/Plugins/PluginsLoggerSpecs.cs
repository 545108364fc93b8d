using System.Reactive.Concurrency;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs;

/// <summary>
/// Plugins.Logger on a fake context in virtual time, writing real files in a temp directory: the three files, the
/// level, log rotation on a SIGUSR1 hot observable, and the errors at start.
/// </summary>
public sealed class PluginsLoggerSpecs : ReactiveTest, IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, 123, TimeSpan.Zero);
    private static readonly Worker Zero = new(0, 100);
    private readonly TestScheduler _scheduler = new();
    private readonly string _root = Directory.CreateTempSubdirectory("cluster-rx-logger-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Logger_ArgumentChecking()
    {
        var error = Assert.Throws<ArgumentException>(() => Plugins.Logger(level: "verbose"));
        Assert.Contains("'verbose'", error.Message);
        Assert.Contains("'debug', 'info', 'warning', 'error'", error.Message);
        Assert.Equal("level", error.ParamName);
        Assert.Throws<ArgumentException>(() => Plugins.Logger(path: " "));
        Assert.Equal("logger", Plugins.Logger(level: "WARNING").Name);
    }

    [Fact]
    public void Logger_Attached_WritesEventsStdoutAndStderrEachToItsFile_AndDeclaresTheDirectory()
    {
        var path = Path.Combine(_root, "logs");
        var context = new FakePluginContext(_scheduler, "logger");
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new Started(Noon, 1, "/s")),
            OnNext<ClusterEvent>(220, new WorkerSpawned(Noon, Zero)),
            OnNext<ClusterEvent>(230, new WorkerConnected(Noon, Zero)));
        var output = _scheduler.CreateHotObservable(
            OnNext(240, new WorkerOutput(Zero, OutputKind.Stdout, "GET / 200")),
            OnNext(250, new WorkerOutput(Zero, OutputKind.Stderr, "warn: slow")),
            OnNext(260, new WorkerOutput(Zero, OutputKind.Stdout, "GET /x 404")));
        context.Events = events;
        context.Taken = output;

        var attached = Plugins.Logger(path).Attach(context);
        _scheduler.AdvanceTo(500);
        attached.Dispose();

        Assert.Equal(
            ["2026-11-25T12:00:00.123Z info worker 0 spawned", "2026-11-25T12:00:00.123Z info worker 0 connected"],
            File.ReadAllLines(Path.Combine(path, "master.log")));
        Assert.Equal(["GET / 200", "GET /x 404"], File.ReadAllLines(Path.Combine(path, "workers.access.log")));
        Assert.Equal(["warn: slow"], File.ReadAllLines(Path.Combine(path, "workers.error.log")));
        Assert.Equal([path], context.Written);
        events.Subscriptions.AssertEqual(Subscribe(0, 500));
        output.Subscriptions.AssertEqual(Subscribe(0, 500));
        Assert.Empty(context.Warnings);
    }

    [Fact]
    public void Logger_LevelDebug_WritesDebugLinesToo()
    {
        var path = Path.Combine(_root, "logs");
        var context = new FakePluginContext(_scheduler, "logger")
        {
            Events = _scheduler.CreateHotObservable(OnNext<ClusterEvent>(210, new Started(Noon, 1, "/s"))),
        };

        using (Plugins.Logger(path, "debug").Attach(context))
        {
            _scheduler.AdvanceTo(300);
        }

        Assert.Equal(["2026-11-25T12:00:00.123Z debug master started"], File.ReadAllLines(Path.Combine(path, "master.log")));
    }

    [Fact]
    public void Logger_FilesThere_AreAppendedTo()
    {
        var path = Path.Combine(_root, "logs");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "workers.access.log"), "from before\n");
        var context = new FakePluginContext(_scheduler, "logger")
        {
            Taken = _scheduler.CreateHotObservable(OnNext(210, new WorkerOutput(Zero, OutputKind.Stdout, "now"))),
        };

        using (Plugins.Logger(path).Attach(context))
        {
            _scheduler.AdvanceTo(300);
        }

        Assert.Equal(["from before", "now"], File.ReadAllLines(Path.Combine(path, "workers.access.log")));
    }

    [Fact]
    public void Logger_Sigusr1AfterTheFilesWereMoved_EarlierLinesStayInTheMovedFiles_LaterOnesGoToNewFiles()
    {
        var path = Path.Combine(_root, "logs");
        var context = new FakePluginContext(_scheduler, "logger");
        var output = _scheduler.CreateHotObservable(
            OnNext(210, new WorkerOutput(Zero, OutputKind.Stdout, "1")),
            OnNext(220, new WorkerOutput(Zero, OutputKind.Stderr, "e1")),
            OnNext(240, new WorkerOutput(Zero, OutputKind.Stdout, "2")),
            OnNext(260, new WorkerOutput(Zero, OutputKind.Stdout, "3")),
            OnNext(270, new WorkerOutput(Zero, OutputKind.Stderr, "e2")));
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(215, new WorkerSpawned(Noon, Zero)),
            OnNext<ClusterEvent>(265, new WorkerConnected(Noon, Zero)));

        // Line "2" comes at 240 in the same tick as the signal, before it: still buffered when the files are reopened.
        var signals = _scheduler.CreateHotObservable(OnNext(240, Signal.SIGUSR1));
        context.Taken = output;
        context.Events = events;
        context.SignalStreams[Signal.SIGUSR1] = signals;
        _scheduler.Schedule(TimeSpan.FromTicks(230), () =>
        {
            foreach (var name in (string[])["master.log", "workers.access.log", "workers.error.log"])
            {
                File.Move(Path.Combine(path, name), Path.Combine(path, name + ".1"));
            }
        });

        var attached = Plugins.Logger(path).Attach(context);
        _scheduler.AdvanceTo(500);
        attached.Dispose();

        Assert.Equal(["1", "2"], File.ReadAllLines(Path.Combine(path, "workers.access.log.1")));
        Assert.Equal(["3"], File.ReadAllLines(Path.Combine(path, "workers.access.log")));
        Assert.Equal(["e1"], File.ReadAllLines(Path.Combine(path, "workers.error.log.1")));
        Assert.Equal(["e2"], File.ReadAllLines(Path.Combine(path, "workers.error.log")));
        Assert.Equal(["2026-11-25T12:00:00.123Z info worker 0 spawned"], File.ReadAllLines(Path.Combine(path, "master.log.1")));
        Assert.Equal(["2026-11-25T12:00:00.123Z info worker 0 connected"], File.ReadAllLines(Path.Combine(path, "master.log")));
        signals.Subscriptions.AssertEqual(Subscribe(0, 500));
    }

    [Fact]
    public void Logger_PathBelowARegularFile_FailsToStartNamingTheDirectory()
    {
        var file = Path.Combine(_root, "file");
        File.WriteAllText(file, "not a directory");
        var path = Path.Combine(file, "logs");
        var context = new FakePluginContext(_scheduler, "logger");

        var error = Assert.Throws<ClusterException>(() => Plugins.Logger(path).Attach(context));

        Assert.StartsWith($"plugin 'logger' failed to start: cannot write logs in directory '{path}': ", error.Message);
        Assert.Contains("give Plugins.Logger a directory", error.Message);
        Assert.Empty(context.Written);
    }

    [Fact]
    public void Logger_ARegularFileWhereALogFileGoes_FailsToStartNamingTheDirectory()
    {
        var path = Path.Combine(_root, "logs");
        Directory.CreateDirectory(Path.Combine(path, "workers.error.log"));

        var error = Assert.Throws<ClusterException>(() => Plugins.Logger(path).Attach(new FakePluginContext(_scheduler, "logger")));

        Assert.Contains($"cannot write logs in directory '{path}': open(\"{Path.Combine(path, "workers.error.log")}\"", error.Message);
    }
}
