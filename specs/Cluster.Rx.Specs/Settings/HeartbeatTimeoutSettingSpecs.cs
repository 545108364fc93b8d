using Cluster.Rx.Settings;

namespace Cluster.Rx.Specs.Settings;

public sealed class HeartbeatTimeoutSettingSpecs
{
    [Fact]
    public void Default_IsSixtySeconds_AndOffInDevelopment()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), new ClusterSettings().HeartbeatTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), new ClusterSettings("Staging").HeartbeatTimeout);
        Assert.Equal(TimeSpan.Zero, new ClusterSettings("Development").HeartbeatTimeout);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1000, 1000)]
    [InlineData(3000L, 3000)]
    public void Set_ZeroOrAtLeastOneSecond_IsApplied(object value, int expectedMs)
    {
        var sut = new ClusterSettings();

        sut.Set("heartbeat timeout", value);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), sut.HeartbeatTimeout);
        Assert.True(sut.Has("heartbeat timeout"));
    }

    [Fact]
    public void Set_TimeSpan_IsApplied()
    {
        var sut = new ClusterSettings();

        sut.Set("heartbeat timeout", TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(30), sut.HeartbeatTimeout);
    }

    [Theory]
    [InlineData(500, "500 (Int32)")]
    [InlineData(-1, "-1 (Int32)")]
    [InlineData("soon", "\"soon\" (string)")]
    [InlineData(2.5, "2.5 (Double)")]
    public void Set_BadValue_ThrowsNamingTheKeyTheValueAndWhatIsValid(object value, string shown)
    {
        var sut = new ClusterSettings();

        var error = Assert.Throws<ArgumentException>(() => sut.Set("heartbeat timeout", value));

        Assert.StartsWith($"Setting 'heartbeat timeout' takes 0 (off) or a number of milliseconds (1000 or more), or a TimeSpan of 0 or at least 1000 ms; got {shown}.", error.Message);
        Assert.Equal(TimeSpan.FromSeconds(60), sut.HeartbeatTimeout);
    }

    [Fact]
    public void ConfigurationName_IsHeartbeatTimeout()
    {
        Assert.Equal("heartbeat timeout", ClusterSettings.KeyOf("HeartbeatTimeout"));
        Assert.Equal("heartbeat timeout", ClusterSettings.KeyOf("heartbeat_timeout"));
        Assert.Equal("HeartbeatTimeout", ClusterSettings.ConfigurationNameOf("heartbeat timeout"));
    }

    [Theory]
    [InlineData("3000", 3000)]
    [InlineData("00:00:30", 30000)]
    [InlineData("0", 0)]
    public void SetText_FromConfiguration_TakesMillisecondsOrATimeSpan(string text, int expectedMs)
    {
        var sut = new ClusterSettings();

        sut.SetText("heartbeat timeout", text, "Cluster:HeartbeatTimeout");

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), sut.HeartbeatTimeout);
    }

    [Fact]
    public void SetText_BadValue_NamesTheConfigurationKeyAndTheTextAsWritten()
    {
        var sut = new ClusterSettings();

        var error = Assert.Throws<ArgumentException>(() => sut.SetText("heartbeat timeout", "200", "Cluster:HeartbeatTimeout"));

        Assert.StartsWith("Configuration key 'Cluster:HeartbeatTimeout' (setting 'heartbeat timeout') takes 0 (off) or a number of milliseconds (1000 or more)", error.Message);
        Assert.EndsWith("got \"200\".", error.Message);
    }
}
