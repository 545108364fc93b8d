using Microsoft.Reactive.Testing;

namespace Cluster.Rx.Specs;

/// <summary>A plugin's parts: attached with a context, a failure naming it; an answer to Run; its commands.</summary>
public sealed class PluginSpecs
{
    [Fact]
    public void Attach_APluginThatThrows_IsAClusterErrorNamingIt()
    {
        var plugin = Plugin.Create("broken", _ => throw new IOException("disk full"));

        var error = Assert.Throws<ClusterException>(() => plugin.Attach(new FakePluginContext(new TestScheduler())));

        Assert.Equal("plugin 'broken' failed to start: disk full", error.Message);
    }

    [Fact]
    public async Task InWorkersAndAnswersRun_GiveNewPlugins_TheOriginalUnchanged()
    {
        var plugin = Plugin.Create("p", _ => System.Reactive.Disposables.Disposable.Empty);

        var both = plugin.InWorkers(_ => System.Reactive.Disposables.Disposable.Empty).AnswersRun(run => run.Arguments.Count > 0 ? Task.FromResult(7) : null);

        Assert.False(plugin.RunsInWorkers);
        Assert.True(both.RunsInWorkers);
        Assert.Equal("p", both.Name);
        Assert.Null(plugin.AnswerRun(new PluginRun(null!, ["status"])));
        Assert.Null(both.AnswerRun(new PluginRun(null!, [])));
        Assert.Equal(7, await both.AnswerRun(new PluginRun(null!, ["status"]))!);
    }

    [Fact]
    public void AnswerRun_AnAnswerThatThrows_IsAClusterErrorNamingThePlugin()
    {
        var plugin = Plugin.Create("cli", _ => System.Reactive.Disposables.Disposable.Empty).AnswersRun(Throw);

        var error = Assert.Throws<ClusterException>(() => { _ = plugin.AnswerRun(new PluginRun(null!, [])); });

        Assert.Equal("plugin 'cli' failed to start: bad flag", error.Message);
    }

    [Fact]
    public async Task Commands_DefineFindAndList_ByName_AndRejectBadOrTakenNames()
    {
        var sut = new CommandRegistry();
        sut.Define("spawn(n)", _ => "ok", "adds workers");
        sut.Define("echo( first ,rest )", call => Task.FromResult<object?>(string.Join(' ', call.Arguments)), "answers");

        Assert.Equal(["echo", "spawn"], sut.Commands.Select(c => c.Name));
        Assert.Equal(["echo(first, rest)", "spawn(n)"], sut.Commands.Select(c => c.Usage));
        Assert.Equal("a b", await sut.Find("echo")!.Run(new CommandCall(new FakePluginContext(new TestScheduler()), ["a", "b"])));
        Assert.Null(sut.Find("nope"));
        Assert.Contains("defined already", Assert.Throws<ArgumentException>(() => sut.Define("spawn", _ => (object?)null, "again")).Message, StringComparison.Ordinal);
        Assert.Contains("only have letters", Assert.Throws<ArgumentException>(() => sut.Define("rm -rf", _ => (object?)null, "no")).Message, StringComparison.Ordinal);
        Assert.Contains("does not end with ')'", Assert.Throws<ArgumentException>(() => sut.Define("greet(who", _ => (object?)null, "no")).Message, StringComparison.Ordinal);
    }

    private static Task<int>? Throw(PluginRun run) => throw new FormatException("bad flag");
}
