namespace Cluster.Rx.Specs;

/// <summary>How the Stats plugin reads the machine's resources and writes durations and sizes.</summary>
public sealed class StatsTextSpecs
{
    [Fact]
    public void ParseLoadAverage_TheFirstThreeFields_OrNullWhenTheyAreNotNumbers()
    {
        Assert.Equal(new LoadAverage(0.35, 0.23, 0.15), ProcResources.ParseLoadAverage("0.35 0.23 0.15 1/123 4567\n"));
        Assert.Null(ProcResources.ParseLoadAverage("0.35 zero"));
        Assert.Null(ProcResources.ParseLoadAverage(string.Empty));
    }

    [Fact]
    public void ParseMemory_MemAvailableAndMemTotal_InBytes_OrNullWhenEitherIsMissing()
    {
        const string meminfo = "MemTotal:        4096 kB\nMemFree:          100 kB\nMemAvailable:    2048 kB\nBuffers:  1 kB\n";

        Assert.Equal(new MemoryStats(2048 * 1024, 4096 * 1024), ProcResources.ParseMemory(meminfo));
        Assert.Null(ProcResources.ParseMemory("MemTotal:        4096 kB\nMemFree:          100 kB\n"));
    }

    [Fact]
    public void ProcResources_OnThisMachine_ReadsEverything()
    {
        var probe = ProcResources.Instance;

        Assert.NotNull(probe.LoadAverage());
        Assert.True(probe.Memory() is { Free: > 0, Total: > 0 } memory && memory.Free <= memory.Total);
        Assert.Equal(Environment.ProcessorCount, probe.Cores);
    }

    [Theory]
    [InlineData(0, "0 seconds")]
    [InlineData(1, "1 second")]
    [InlineData(59, "59 seconds")]
    [InlineData(61, "1 minute 1 second")]
    [InlineData(3 * 3600 + 125, "3 hours 2 minutes")]
    [InlineData(2 * 86400 + 59, "2 days 0 hours")]
    public void Duration_TheTwoLargestUnits(int seconds, string expected) =>
        Assert.Equal(expected, StatsText.Duration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(512L, "512 B")]
    [InlineData(1536L, "1.50 KiB")]
    [InlineData(3L << 30, "3.00 GiB")]
    public void Bytes_InTheLargestUnitBelowTheSize(long bytes, string expected) =>
        Assert.Equal(expected, StatsText.Bytes(bytes));
}
