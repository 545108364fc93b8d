using System.Diagnostics.Metrics;
using Cluster.Rx.Specs.Internal;

namespace Cluster.Rx.Specs;

/// <summary><see cref="Master.UseLoggerFactory"/> and <see cref="Master.UseMeterFactory"/> on the plain API.</summary>
public sealed class MasterObservabilitySpecs
{
    [Fact]
    public void UseFactories_ArgumentChecking()
    {
        Assert.Throws<ArgumentNullException>(() => Master.Create().UseLoggerFactory(null!));
        Assert.Throws<ArgumentNullException>(() => Master.Create().UseMeterFactory(null!));
    }

    [Fact]
    public void UseLoggerFactory_CreatesTheClusterRxCategory()
    {
        var factory = new CapturingLoggerFactory();

        var sut = Master.Create().UseLoggerFactory(factory);

        Assert.Equal(["Cluster.Rx"], factory.Categories);
        Assert.Equal("Cluster.Rx", Master.LogCategory);
        Assert.Same(sut, sut.UseMeterFactory(new NoMeterFactory()));
    }

    [Fact]
    public void UseLoggerFactory_InAnotherEnvironment_IsNotUsed()
    {
        var factory = new CapturingLoggerFactory();

        Master.Create().In("nowhere").UseLoggerFactory(factory);

        Assert.Empty(factory.Categories);
    }

    private sealed class NoMeterFactory : IMeterFactory
    {
        public Meter Create(MeterOptions options) => throw new InvalidOperationException("not in this spec");

        public void Dispose()
        {
        }
    }
}
