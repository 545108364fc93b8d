using Cluster.Rx.Settings;

namespace Cluster.Rx.Specs.Settings;

public sealed class ClusterSettingsSpecs
{
    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var sut = new ClusterSettings();

        Assert.Equal(Environment.ProcessorCount, sut.Workers);
        Assert.Equal(AppContext.BaseDirectory, sut.WorkingDirectory);
        Assert.Equal(128, sut.Backlog);
        Assert.Equal("./", sut.SocketPath);
        Assert.Equal(TimeSpan.FromSeconds(60), sut.Timeout);
        Assert.Equal("cluster", sut.Title);
        Assert.Equal("cluster worker {n}", sut.WorkerTitle);
        Assert.Null(sut.User);
        Assert.Null(sut.Group);
        Assert.Equal(TimeSpan.FromSeconds(60), sut.RestartThreshold);
        Assert.Equal(TimeSpan.FromSeconds(60), sut.RestartTimeout);
    }

    [Theory]
    [InlineData("development")]
    [InlineData("Development")]
    public void Defaults_InDevelopment_RestartAfterFiveSeconds(string environment)
    {
        var sut = new ClusterSettings(environment);

        Assert.Equal(TimeSpan.FromSeconds(5), sut.RestartThreshold);
        Assert.Equal(TimeSpan.FromSeconds(5), sut.RestartTimeout);
    }

    [Fact]
    public void Set_EveryKey_AppliesTheValue()
    {
        var sut = new ClusterSettings();

        sut.Set("workers", 5);
        sut.Set("working directory", "/tmp");
        sut.Set("backlog", 1024L);
        sut.Set("socket path", "/run/app");
        sut.Set("timeout", TimeSpan.FromSeconds(3));
        sut.Set("title", "app");
        sut.Set("worker title", "app {n}");
        sut.Set("user", "nobody");
        sut.Set("group", 65534);

        Assert.Equal(
            (5, "/tmp", 1024, "/run/app", TimeSpan.FromSeconds(3), "app", "app {n}", "nobody", "65534"),
            (sut.Workers, sut.WorkingDirectory, sut.Backlog, sut.SocketPath, sut.Timeout, sut.Title, sut.WorkerTitle, sut.User, sut.Group));
    }

    [Fact]
    public void Set_TimeoutInMilliseconds_IsATimeSpan()
    {
        var sut = new ClusterSettings();

        sut.Set("timeout", 1500);

        Assert.Equal(TimeSpan.FromMilliseconds(1500), sut.Timeout);
    }

    [Fact]
    public void Set_UnknownKey_ThrowsNamingItAndTheValidKeys()
    {
        var sut = new ClusterSettings();

        var error = Assert.Throws<ArgumentException>(() => sut.Set("wokers", 4));

        Assert.StartsWith("Unknown setting 'wokers'. Valid settings: 'workers', 'working directory', 'backlog', 'socket path', 'timeout', 'title', 'worker title', 'user', 'group', 'restart threshold', 'restart timeout', 'ready timeout', 'max respawn delay', 'max boot failures', 'spawn concurrency'.", error.Message);
    }

    [Theory]
    [InlineData("workers", "four", "Setting 'workers' takes a whole number from 1 to 1024; got \"four\" (string).")]
    [InlineData("workers", 0, "Setting 'workers' takes a whole number from 1 to 1024; got 0 (Int32).")]
    [InlineData("backlog", 70000, "Setting 'backlog' takes a whole number from 1 to 65535; got 70000 (Int32).")]
    [InlineData("timeout", -1, "Setting 'timeout' takes a number of milliseconds (0 or more) or a TimeSpan of at least 0 ms; got -1 (Int32).")]
    [InlineData("title", "", "Setting 'title' takes a non-empty string; got \"\" (string).")]
    [InlineData("user", 1.5, "Setting 'user' takes a name (string) or a numeric id (int, 0 or more); got 1.5 (Double).")]
    public void Set_ValueOfTheWrongKind_ThrowsNamingTheValueAndWhatIsValid(string key, object value, string message)
    {
        var sut = new ClusterSettings();

        var error = Assert.Throws<ArgumentException>(() => sut.Set(key, value));

        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Set_NotApplied_ValidatesButKeepsTheValue()
    {
        var sut = new ClusterSettings();

        sut.Set("workers", 7, apply: false);

        Assert.NotEqual(7, sut.Workers);
        Assert.False(sut.Has("workers"));
        Assert.Throws<ArgumentException>(() => sut.Set("workers", "x", apply: false));
    }

    [Fact]
    public void Has_IsTrueOnlyForKeysThatWereSet()
    {
        var sut = new ClusterSettings();

        sut.Set("title", "app");

        Assert.True(sut.Has("title"));
        Assert.False(sut.Has("workers"));
        Assert.Throws<ArgumentException>(() => sut.Has("nope"));
    }
}
