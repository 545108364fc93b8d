using System.Text;
using Cluster.Rx.Extensibility;
using Cluster.Rx.Internal;

namespace Cluster.Rx.Specs.Extensibility;

/// <summary>
/// Workers' lines go on to the master's stdout and stderr while nobody takes them; observing leaves them there,
/// taking them stops that for as long as the taker subscribes; a subscriber that throws costs nobody else a line.
/// </summary>
public sealed class OutputRouterSpecs
{
    private readonly MemoryStream _stdout = new();
    private readonly MemoryStream _stderr = new();
    private readonly StringWriter _log = new();

    [Fact]
    public void Write_NobodyTakes_PassesEachLineThroughToItsStream()
    {
        var sut = CreateSut();
        var observed = new List<string>();
        using var observer = sut.Observe("spec").Subscribe(o => observed.Add(o.Line));

        sut.Write([Line(OutputKind.Stdout, "a"), Line(OutputKind.Stderr, "b"), Line(OutputKind.Stdout, "c")]);

        Assert.Equal(["a", "b", "c"], observed);
        Assert.Equal("a\nc\n", Encoding.UTF8.GetString(_stdout.ToArray()));
        Assert.Equal("b\n", Encoding.UTF8.GetString(_stderr.ToArray()));
    }

    [Fact]
    public void Write_WhileTaken_PassesNothingThrough_AndAfterwardsAgain()
    {
        var sut = CreateSut();
        var taken = new List<string>();
        var taker = sut.Take("spec").Subscribe(o => taken.Add(o.Line));

        sut.Write([Line(OutputKind.Stdout, "taken")]);
        taker.Dispose();
        sut.Write([Line(OutputKind.Stdout, "passed")]);

        Assert.Equal(["taken"], taken);
        Assert.Equal("passed\n", Encoding.UTF8.GetString(_stdout.ToArray()));
    }

    [Fact]
    public void Capturing_IsTrueOnlyWhileSomeoneObservesOrTakes()
    {
        var sut = CreateSut();
        Assert.False(sut.Capturing);

        using (sut.Observe("spec").Subscribe(_ => { }))
        {
            Assert.True(sut.Capturing);
        }

        using (sut.Take("spec").Subscribe(_ => { }))
        {
            Assert.True(sut.Capturing);
        }

        Assert.False(sut.Capturing);
    }

    [Fact]
    public void Write_ASubscriberThrows_ItIsLoggedAndUnsubscribed_AndTheOthersGetEveryLine()
    {
        var sut = CreateSut();
        var observed = new List<string>();
        using var thrower = sut.Observe("thrower").Subscribe(_ => throw new InvalidOperationException("plugin bug"));
        using var observer = sut.Observe("spec").Subscribe(o => observed.Add(o.Line));

        sut.Write([Line(OutputKind.Stdout, "1"), Line(OutputKind.Stdout, "2")]);

        Assert.Equal(["1", "2"], observed);
        Assert.Single(_log.ToString().Split('\n'), l => l.Contains("a subscriber to thrower threw InvalidOperationException: plugin bug", StringComparison.Ordinal));
    }

    private static WorkerOutput Line(OutputKind kind, string text) => new(new Worker(0, 100), kind, text);

    private OutputRouter CreateSut() => new(new ClusterLog(_log), _stdout, _stderr);
}
