using Cluster.Rx.ProcessSpecs.Harness;

namespace Cluster.Rx.ProcessSpecs.Master;

/// <summary>The SpecHost's <c>env</c> scenario: <c>In("development")</c> sets 1 worker, <c>In("production")</c> 2.</summary>
public sealed class EnvironmentSpecs
{
    [Theory]
    [InlineData("Development", null, 1)]
    [InlineData(null, "development", 1)]
    [InlineData("Production", "Development", 2)]
    [InlineData(null, null, 2)]
    public async Task Environment_InSections_OnlyTheMatchingOneApplies(string? dotnetEnvironment, string? aspnetEnvironment, int workers)
    {
        using var cluster = ClusterProcess.Start(["env"], new()
        {
            ["DOTNET_ENVIRONMENT"] = dotnetEnvironment,
            ["ASPNETCORE_ENVIRONMENT"] = aspnetEnvironment,
        });
        await cluster.PortAsync();

        // The master spawns all its workers at once, before any of them can connect.
        await cluster.WorkersAsync(workers);

        Assert.Equal(workers, cluster.Lines(@"spawned \d+ \d+").Count);
    }
}
