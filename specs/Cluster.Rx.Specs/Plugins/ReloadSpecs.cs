using System.Reactive.Concurrency;
using System.Reactive.Linq;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs;

/// <summary>The reload plugin's operators and sink, on virtual time (the interval is 100 ticks here).</summary>
public sealed class ReloadSpecs : ReactiveTest, IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromTicks(100);

    private readonly TestScheduler _scheduler = new();
    private readonly string _root = Directory.CreateTempSubdirectory("cluster-rx-reload-").FullName;

    [Fact]
    public void Reload_ArgumentChecking()
    {
        Assert.Throws<ArgumentNullException>(() => Plugins.Reload((IEnumerable<string>)null!));
        Assert.Throws<ArgumentException>(() => Plugins.Reload([]));
        Assert.Throws<ArgumentException>(() => Plugins.Reload(" "));
        Assert.Throws<ArgumentException>(() => Plugins.Reload([_root], extensions: []));
        Assert.Throws<ArgumentException>(() => Plugins.Reload([_root], extensions: ["."]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Plugins.Reload([_root], interval: TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => Plugins.Reload([_root], interval: TimeSpan.FromMilliseconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Observable.Never<string>().Bursts(TimeSpan.Zero, _scheduler));
        Assert.Throws<ArgumentNullException>(() => Observable.Never<string>().ExceptUnder(null!));
    }

    [Fact]
    public void Reload_MissingPath_FailsToAttachNamingIt()
    {
        var missing = Path.Combine(_root, "missing");

        var error = Assert.Throws<ClusterException>(() => Plugins.Reload(missing).Attach(new FakePluginContext(_scheduler)));

        Assert.Equal($"plugin 'reload' failed to start: cannot watch '{missing}': there is no such file or directory; give Reload existing files or directories", error.Message);
    }

    [Fact]
    public void Bursts_FiveChangesWithinTheInterval_OneItem_TwoBursts_Two()
    {
        var changes = _scheduler.CreateHotObservable(
            OnNext(210, "/app/a.dll"),
            OnNext(250, "/app/b.dll"),
            OnNext(300, "/app/c.json"),
            OnNext(390, "/app/d.dll"),
            OnNext(480, "/app/e.dll"),
            OnNext(700, "/app/f.dll"),
            OnCompleted<string>(900));

        var results = _scheduler.Start(() => changes.Bursts(Interval, _scheduler));

        results.Messages.AssertEqual(
            OnNext(580, "/app/e.dll"),
            OnNext(800, "/app/f.dll"),
            OnCompleted<string>(900));
        changes.Subscriptions.AssertEqual(Subscribe(200, 900));
    }

    [Fact]
    public void ExceptUnder_DropsPathsUnderTheIgnoredOnes_ReadForEachChange()
    {
        var ignored = new List<string> { "/app/logs/" };
        var changes = _scheduler.CreateHotObservable(
            OnNext(210, "/app/logs/master.json"),
            OnNext(220, "/app/logsx/a.dll"),
            OnNext(230, "/app/pids/master.json"),
            OnNext(240, "/app/pids/master.json"),
            OnNext(250, "/app/logs"),
            OnCompleted<string>(300));
        _scheduler.ScheduleAbsolute(235, () => ignored.Add("/app/pids"));

        var results = _scheduler.Start(() => changes.ExceptUnder(() => ignored));

        results.Messages.AssertEqual(
            OnNext(220, "/app/logsx/a.dll"),
            OnNext(230, "/app/pids/master.json"),
            OnCompleted<string>(300));
        changes.Subscriptions.AssertEqual(Subscribe(200, 300));
    }

    [Fact]
    public void Attach_ABurstOfFiveChanges_RollsTheWorkersOnce_TwoBurstsTwice_AndTheWatchEndsWithTheEvents()
    {
        var context = new FakePluginContext(_scheduler);
        var events = _scheduler.CreateHotObservable(OnCompleted<ClusterEvent>(1000)); // the master has closed
        context.Events = events;
        var changes = _scheduler.CreateHotObservable(
            OnNext(210, "/app/a.dll"),
            OnNext(220, "/app/b.dll"),
            OnNext(230, "/app/c.dll"),
            OnNext(240, "/app/d.dll"),
            OnNext(300, "/app/e.dll"),
            OnNext(600, "/app/f.dll"));
        var calls = Probe(context, 399, 401, 699, 701, 1100);

        using var sut = ReloadSink.Attach(context, changes, Interval, signal: null);
        _scheduler.Start();

        Assert.Equal(
            [(399, 0), (401, 1), (699, 1), (701, 2), (1100, 2)],
            calls);
        Assert.Equal(["RestartWorkers(SIGQUIT)", "RestartWorkers(SIGQUIT)"], context.Calls);
        changes.Subscriptions.AssertEqual(Subscribe(0, 1000));
        events.Subscriptions.AssertEqual(Subscribe(0, 1000));
    }

    [Fact]
    public void Attach_ChangesUnderAWrittenPath_DeclaredAfterAttaching_AreIgnored()
    {
        var context = new FakePluginContext(_scheduler);
        var logs = Path.Combine(_root, "logs");
        var changes = _scheduler.CreateHotObservable(
            OnNext(210, Path.Combine(logs, "a.json")),
            OnNext(400, Path.Combine(logs, "sub", "b.dll")),
            OnNext(600, Path.Combine(_root, "c.dll")));
        _scheduler.ScheduleAbsolute(300, () => context.Writes(logs));
        var calls = Probe(context, 599, 701);

        using var sut = ReloadSink.Attach(context, changes, Interval, signal: null);
        _scheduler.Start();

        Assert.Equal([(599, 1), (701, 2)], calls);
        Assert.Equal(["RestartWorkers(SIGQUIT)", "RestartWorkers(SIGQUIT)"], context.Calls);
    }

    [Fact]
    public void Attach_WithSigterm_SendsItToEveryWorkerOncePerBurst()
    {
        var context = new FakePluginContext(_scheduler);
        var changes = _scheduler.CreateHotObservable(
            OnNext(210, "/app/a.dll"),
            OnNext(250, "/app/b.dll"));

        using var sut = ReloadSink.Attach(context, changes, Interval, Signal.SIGTERM);
        _scheduler.Start();

        Assert.Equal(["Kill(SIGTERM)"], context.Calls);
    }

    [Fact]
    public void Attach_MasterShuttingDown_ABurstDoesNothing()
    {
        var context = new FakePluginContext(_scheduler) { State = MasterState.GracefulShutdown };
        var changes = _scheduler.CreateHotObservable(OnNext(210, "/app/a.dll"));

        using var sut = ReloadSink.Attach(context, changes, Interval, signal: null);
        _scheduler.Start();

        Assert.Empty(context.Calls);
        changes.Subscriptions.AssertEqual(Subscribe(0));
    }

    [Fact]
    public void Attach_Disposed_StopsWatching_AndAPendingBurstIsDropped()
    {
        var context = new FakePluginContext(_scheduler);
        var changes = _scheduler.CreateHotObservable(OnNext(210, "/app/a.dll"), OnNext(600, "/app/b.dll"));
        var sut = ReloadSink.Attach(context, changes, Interval, signal: null);
        _scheduler.ScheduleAbsolute(250, sut.Dispose);

        _scheduler.Start();

        Assert.Empty(context.Calls);
        changes.Subscriptions.AssertEqual(Subscribe(0, 250));
    }

    [Fact]
    public async Task WatchFiles_ADirectory_EmitsChangedFilesWithAWatchedExtension_CaseInsensitively()
    {
        var nested = Directory.CreateDirectory(Path.Combine(_root, "bin")).FullName;
        var first = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = ReloadObservable.WatchFiles([_root], ["dll"]).Subscribe(path => first.TrySetResult(path));

        await File.WriteAllTextAsync(Path.Combine(nested, "notes.txt"), "not watched");
        await File.WriteAllTextAsync(Path.Combine(nested, "App.DLL"), "watched");

        Assert.Equal(Path.Combine(nested, "App.DLL"), await first.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData("/srv/app/", "/srv/app/Hello", new[] { "/srv/app/", "/srv/app/Hello" })] // Native AOT, or the app host
    [InlineData("/srv/app/", "/usr/share/dotnet/dotnet", new[] { "/srv/app/" })]           // dotnet Hello.dll
    [InlineData("/srv/app/", "/srv/app/bin/Hello", new[] { "/srv/app/" })]
    [InlineData("/srv/app/", null, new[] { "/srv/app/" })]
    public void ProgramFiles_TheProgramsDirectory_AndItsExecutableWhenItIsThere(string directory, string? executable, string[] expected) =>
        Assert.Equal(expected, Plugins.ProgramFiles(directory, executable));

    [Fact]
    public async Task WatchFiles_TheProgramFiles_EmitAChangeOfTheExecutable_WhichHasNoExtension()
    {
        var executable = Path.Combine(_root, "Hello");
        await File.WriteAllTextAsync(executable, "the build before");
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = ReloadObservable.WatchFiles(Plugins.ProgramFiles(_root + "/", executable))
            .Where(path => path == executable)
            .Subscribe(_ => changed.TrySetResult());

        // As a deployment writes it: a new file, renamed over the old one (the rename is emitted by both names).
        await File.WriteAllTextAsync(executable + ".new", "the new build");
        File.Move(executable + ".new", executable, overwrite: true);

        await changed.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>How many operations the context was asked for at each of <paramref name="ticks"/>.</summary>
    private List<(long, int)> Probe(FakePluginContext context, params long[] ticks)
    {
        var seen = new List<(long, int)>();
        foreach (var tick in ticks)
        {
            _scheduler.ScheduleAbsolute(tick, () => seen.Add((tick, context.Calls.Count)));
        }

        return seen;
    }
}
