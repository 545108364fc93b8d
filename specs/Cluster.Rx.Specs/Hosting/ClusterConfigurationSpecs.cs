using Cluster.Rx.Hosting.Internal;
using Cluster.Rx.Settings;
using Microsoft.Extensions.Configuration;

namespace Cluster.Rx.Specs.Hosting;

public sealed class ClusterConfigurationSpecs
{
    [Fact]
    public void Apply_EveryKeyWritten_AsJsonEnvironmentOrWithSpaces_SetsItsSetting()
    {
        var settings = Apply(new()
        {
            ["Cluster:Workers"] = "3",
            ["cluster:working_directory"] = "/srv/app",
            ["Cluster:socket path"] = "/run/app",
            ["Cluster:Timeout"] = "00:00:30",
            ["Cluster:ReadyTimeout"] = "1500",
            ["Cluster:WorkerTitle"] = "app worker {n}",
            ["Cluster:User"] = "nobody",
            ["Unrelated:Workers"] = "9",
        });

        Assert.Equal(3, settings.Workers);
        Assert.Equal("/srv/app", settings.WorkingDirectory);
        Assert.Equal("/run/app", settings.SocketPath);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Timeout);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), settings.ReadyTimeout);
        Assert.Equal("app worker {n}", settings.WorkerTitle);
        Assert.Equal("nobody", settings.User);
        Assert.True(settings.Has("workers"));
        Assert.False(settings.Has("backlog"));
    }

    [Fact]
    public void Apply_NoClusterSection_ChangesNothing()
    {
        var settings = Apply(new() { ["Logging:LogLevel:Default"] = "Information" });

        Assert.Equal(Environment.ProcessorCount, settings.Workers);
        Assert.False(settings.Has("workers"));
    }

    [Theory]
    [InlineData("Cluster:Workers", "four", "Configuration key 'Cluster:Workers' (setting 'workers') takes a whole number from 1 to 1024; got \"four\".")]
    [InlineData("Cluster:Workers", "0", "Configuration key 'Cluster:Workers' (setting 'workers') takes a whole number from 1 to 1024; got \"0\".")]
    [InlineData("Cluster:Timeout", "soon", "Configuration key 'Cluster:Timeout' (setting 'timeout') takes a number of milliseconds (0 or more) or a TimeSpan of at least 0 ms; got \"soon\".")]
    [InlineData("Cluster:Title", " ", "Configuration key 'Cluster:Title' (setting 'title') takes a non-empty string; got \" \".")]
    public void Apply_BadValue_IsAnErrorNamingTheKeyAndTheValueAsWritten(string key, string value, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => Apply(new() { [key] = value }));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Apply_UnknownKey_IsAnErrorListingTheValidKeys()
    {
        var error = Assert.Throws<ArgumentException>(() => Apply(new() { ["Cluster:Wrokers"] = "2" }));

        Assert.StartsWith("Unknown configuration key 'Cluster:Wrokers'. Valid keys: Cluster:Workers, Cluster:WorkingDirectory, Cluster:Backlog, ", error.Message);
    }

    [Fact]
    public void Apply_KeyWithChildren_IsAnErrorSayingItNeedsAValue()
    {
        var error = Assert.Throws<ArgumentException>(() => Apply(new() { ["Cluster:Workers:Min"] = "2" }));

        Assert.Equal("Configuration key 'Cluster:Workers' (setting 'workers') is a section; give it a value.", error.Message);
    }

    [Fact]
    public void Apply_ThenSetInCode_CodeWins()
    {
        var settings = Apply(new() { ["Cluster:Workers"] = "3" });

        settings.Set("workers", 5);

        Assert.Equal(5, settings.Workers);
    }

    private static ClusterSettings Apply(Dictionary<string, string?> values)
    {
        var settings = new ClusterSettings();
        ClusterConfiguration.Apply(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), settings);
        return settings;
    }
}
