using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs;

/// <summary>One log file: whole lines, one flush per burst on the scheduler, at once over the threshold, rotation, write errors.</summary>
public sealed class LogFileSpecs : IDisposable
{
    private readonly TestScheduler _scheduler = new();
    private readonly List<string> _warnings = [];
    private readonly string _root = Directory.CreateTempSubdirectory("cluster-rx-logfile-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Append_ABurst_IsWrittenByOneScheduledFlush()
    {
        var path = Path.Combine(_root, "a.log");
        using var sut = LogFile.Open(path, _scheduler, _warnings.Add);

        sut.Append("one");
        sut.Append("two");
        Assert.Equal(string.Empty, File.ReadAllText(path));
        _scheduler.Start();

        Assert.Equal("one\ntwo\n", File.ReadAllText(path));
    }

    [Fact]
    public void Append_OverTheThreshold_IsWrittenAtOnceInWholeLines()
    {
        var path = Path.Combine(_root, "a.log");
        using var sut = LogFile.Open(path, _scheduler, _warnings.Add);
        var line = new string('x', 999);

        for (var i = 0; i < 40; i++)
        {
            sut.Append(line);
        }

        var written = File.ReadAllText(path);
        Assert.True(written.Length >= LogFile.FlushThreshold, $"{written.Length} bytes written before any flush ran");
        Assert.EndsWith("\n", written);
        Assert.All(written.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.Equal(line, l));
    }

    [Fact]
    public void Reopen_AfterAMove_BufferedLinesGoToTheMovedFile_LaterOnesToANewFile()
    {
        var path = Path.Combine(_root, "a.log");
        using (var sut = LogFile.Open(path, _scheduler, _warnings.Add))
        {
            sut.Append("before");
            File.Move(path, path + ".1");
            sut.Reopen();
            sut.Append("after");
        }

        Assert.Equal("before\n", File.ReadAllText(path + ".1"));
        Assert.Equal("after\n", File.ReadAllText(path));
    }

    [Fact]
    public void Append_TwoWritersOnOneFile_NeitherOverwritesTheOther()
    {
        var path = Path.Combine(_root, "a.log");
        using var old = LogFile.Open(path, _scheduler, _warnings.Add);
        using var next = LogFile.Open(path, _scheduler, _warnings.Add);

        for (var i = 0; i < 100; i++)
        {
            (i % 2 == 0 ? old : next).Append($"line {i}");
            (i % 2 == 0 ? old : next).Flush();
        }

        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"line {i}"), File.ReadAllLines(path));
    }

    [Fact]
    public void Flush_DiskFull_WarnsOnce_NamesTheFile_AndGoesOn()
    {
        using var sut = LogFile.Open("/dev/full", _scheduler, _warnings.Add);

        for (var i = 0; i < 3; i++)
        {
            sut.Append($"line {i}");
            sut.Flush();
        }

        var warning = Assert.Single(_warnings);
        Assert.StartsWith("cannot write to '/dev/full': write failed: ", warning);
    }

    [Fact]
    public void Append_AfterDispose_IsWrittenAtOnce()
    {
        var path = Path.Combine(_root, "a.log");
        var sut = LogFile.Open(path, _scheduler, _warnings.Add);
        sut.Append("buffered");
        sut.Dispose();

        sut.Append("late");

        Assert.Equal("buffered\nlate\n", File.ReadAllText(path));
        Assert.Equal(0, _scheduler.Clock);
    }
}
