using Cluster.Rx.Internal;

namespace Cluster.Rx.Specs.Internal;

public sealed class ProcessTitleSpecs
{
    [Theory]
    [InlineData("worker {n}", 3, "worker 3")]
    [InlineData("cluster worker {n}", 0, "cluster worker0")]
    [InlineData("cluster worker {n}", 12, "cluster worke12")]
    [InlineData("w{n} of app", 5, "w5 of app")]
    [InlineData("a very long title {n} tail", 1, "a very lo1 tail")]
    [InlineData("no number at all in this title", 1, "no number at all in this title")]
    public void ForWorker_Template_FitsTheKernelLimitKeepingTheId(string template, int id, string expected)
    {
        var title = ProcessTitle.ForWorker(template, id);

        Assert.Equal(expected, title);
    }

    [Fact]
    public void ForWorker_AnyId_IsAtMostFifteenBytes()
    {
        var titles = Enumerable.Range(0, 1024).Select(id => ProcessTitle.ForWorker("cluster worker {n}", id));

        Assert.All(titles, t => Assert.InRange(t.Length, 1, ProcessTitle.MaxBytes));
        Assert.Equal(1024, titles.Distinct().Count());
    }
}
