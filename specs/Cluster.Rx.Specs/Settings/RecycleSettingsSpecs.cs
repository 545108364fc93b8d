using Cluster.Rx.Hosting.Internal;
using Cluster.Rx.Settings;
using Microsoft.Extensions.Configuration;

namespace Cluster.Rx.Specs.Settings;

/// <summary>The recycling settings: <c>max requests</c>, <c>max requests jitter</c>, <c>max memory</c>.</summary>
public sealed class RecycleSettingsSpecs
{
    [Fact]
    public void Defaults_AreZero_RecyclingIsOff()
    {
        var sut = new ClusterSettings();

        Assert.Equal((0L, 0L, 0L), (sut.MaxRequests, sut.MaxRequestsJitter, sut.MaxMemory));
    }

    [Fact]
    public void Set_EachKey_AppliesTheValue_IntOrLong()
    {
        var sut = new ClusterSettings();

        sut.Set("max requests", 1000);
        sut.Set("max requests jitter", 50L);
        sut.Set("max memory", 256L * 1024 * 1024 * 1024);

        Assert.Equal((1000L, 50L, 256L * 1024 * 1024 * 1024), (sut.MaxRequests, sut.MaxRequestsJitter, sut.MaxMemory));
        Assert.True(sut.Has("max memory"));
    }

    [Theory]
    [InlineData("max requests", -1, "Setting 'max requests' takes a whole number from 0 (off) to 2305843009213693951; got -1 (Int32).")]
    [InlineData("max requests jitter", "lots", "Setting 'max requests jitter' takes a whole number from 0 (off) to 2305843009213693951; got \"lots\" (string).")]
    [InlineData("max memory", 1.5, "Setting 'max memory' takes a whole number from 0 (off) to 2305843009213693951; got 1.5 (Double).")]
    [InlineData("max memory", long.MaxValue, "Setting 'max memory' takes a whole number from 0 (off) to 2305843009213693951; got 9223372036854775807 (Int64).")]
    public void Set_BadValue_ThrowsNamingTheSettingTheValueAndWhatIsValid(string key, object value, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => new ClusterSettings().Set(key, value));

        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Configuration_MaxRequestsMaxRequestsJitterMaxMemory_SetTheSettings()
    {
        var settings = new ClusterSettings();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:MaxRequests"] = "300",
            ["Cluster:max_requests_jitter"] = "50",
            ["Cluster:MaxMemory"] = "268435456",
        }).Build();

        ClusterConfiguration.Apply(configuration, settings);

        Assert.Equal((300L, 50L, 268435456L), (settings.MaxRequests, settings.MaxRequestsJitter, settings.MaxMemory));
        Assert.Equal("MaxRequestsJitter", ClusterSettings.ConfigurationNameOf("max requests jitter"));
    }

    [Fact]
    public void Configuration_BadValue_NamesItsConfigurationKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Cluster:MaxMemory"] = "256MB" }).Build();

        var error = Assert.Throws<ArgumentException>(() => ClusterConfiguration.Apply(configuration, new ClusterSettings()));

        Assert.StartsWith("Configuration key 'Cluster:MaxMemory' (setting 'max memory') takes a whole number from 0 (off) to 2305843009213693951; got \"256MB\".", error.Message);
    }
}
