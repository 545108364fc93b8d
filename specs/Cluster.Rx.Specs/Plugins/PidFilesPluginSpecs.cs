using System.Reactive.Concurrency;
using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs;

/// <summary>The pid files plugin and its sink on a real directory, its events on virtual time.</summary>
public sealed class PidFilesPluginSpecs : ReactiveTest, IDisposable
{
    private readonly TestScheduler _scheduler = new();
    private readonly string _root = Directory.CreateTempSubdirectory("cluster-rx-pidfiles-").FullName;

    [Fact]
    public void PidFiles_ArgumentChecking() => Assert.Throws<ArgumentException>(() => Plugins.PidFiles(" "));

    [Fact]
    public void Attach_CreatesTheDirectory_DeclaresIt_WritesAndRemovesFiles_AndItsSubscriptionEndsWithTheEvents()
    {
        var directory = Path.Combine(_root, "run", "pids");
        var context = new FakePluginContext(_scheduler);
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(210, new Started(Time(210), 10, "/run/ipc")),
            OnNext<ClusterEvent>(220, new WorkerSpawned(Time(220), new Worker(0, 100))),
            OnNext<ClusterEvent>(300, new WorkerKilled(Time(300), new Worker(0, 100), 137)),
            OnNext<ClusterEvent>(310, new WorkerSpawned(Time(310), new Worker(0, 102))),
            OnNext<ClusterEvent>(400, new WorkerKilled(Time(400), new Worker(0, 102), 0)),
            OnNext<ClusterEvent>(410, new Closed(Time(410), 0)),
            OnCompleted<ClusterEvent>(420));
        context.Events = events;
        var seen = new Dictionary<long, string[]>();
        foreach (var tick in new long[] { 211, 221, 301, 311, 401, 411 })
        {
            _scheduler.ScheduleAbsolute(tick, () => seen[tick] = Snapshot(directory));
        }

        using var plugin = Plugins.PidFiles(directory).Attach(context);
        _scheduler.Start();

        Assert.Equal([directory], context.Written);
        Assert.Equal(["master.pid=10\n"], seen[211]);
        Assert.Equal(["master.pid=10\n", "worker.0.pid=100\n"], seen[221]);
        Assert.Equal(["master.pid=10\n"], seen[301]);
        Assert.Equal(["master.pid=10\n", "worker.0.pid=102\n"], seen[311]);
        Assert.Equal(["master.pid=10\n"], seen[401]);
        Assert.Empty(seen[411]);
        events.Subscriptions.AssertEqual(Subscribe(0, 420));
        Assert.Empty(context.Warnings);
    }

    [Fact]
    public void Attach_DirectoryUnderARegularFile_FailsNamingIt()
    {
        var file = Path.Combine(_root, "file");
        File.WriteAllText(file, "not a directory");
        var context = new FakePluginContext(_scheduler);

        var error = Assert.Throws<ClusterException>(() => Plugins.PidFiles(Path.Combine(file, "pids")).Attach(context));

        Assert.StartsWith($"plugin 'pidfiles' failed to start: cannot write pid files in '{file}/pids': ", error.Message);
        Assert.EndsWith("give PidFiles a directory the master can create and write", error.Message);
    }

    [Fact]
    public void Apply_Remove_RemovesTheFileOnlyWhileItHoldsThePid()
    {
        var sut = PidDirectory.Open(_root);
        sut.Apply(PidFileChange.Write("worker.0", 200));

        sut.Apply(PidFileChange.Remove("worker.0", 100));
        var kept = File.ReadAllText(sut.FileOf("worker.0"));
        sut.Apply(PidFileChange.Remove("worker.0", 200));
        sut.Apply(PidFileChange.Remove("worker.1", 300));

        Assert.Equal("200\n", kept);
        Assert.False(File.Exists(sut.FileOf("worker.0")));
    }

    [Fact]
    public void Apply_Write_ReplacesTheFileWholeAndLeavesNoTemporaryFile()
    {
        var sut = PidDirectory.Open(_root);

        sut.Apply(PidFileChange.Write("master", 1234567));
        sut.Apply(PidFileChange.Write("master", 89));

        Assert.Equal(["master.pid=89\n"], Snapshot(_root));
        Assert.Equal([Path.Combine(_root, "master.pid")], Directory.GetFiles(_root, "*", new EnumerationOptions { AttributesToSkip = 0 }));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string[] Snapshot(string directory) =>
        [.. Directory.GetFiles(directory).Order(StringComparer.Ordinal).Select(f => $"{Path.GetFileName(f)}={File.ReadAllText(f)}")];

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);
}
