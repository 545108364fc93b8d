namespace Cluster.Rx.Specs;

/// <summary><see cref="Repl.Define(string, Func{CommandCall, object}, string)"/> and the arguments of <c>Plugins.Repl</c>.</summary>
public sealed class ReplSpecs
{
    [Fact]
    public void Define_ArgumentChecking()
    {
        Assert.Throws<ArgumentNullException>(() => Repl.Define(Unique(), (Func<CommandCall, object?>)null!, "d"));
        Assert.Throws<ArgumentNullException>(() => Repl.Define(Unique(), (Func<CommandCall, Task<object?>>)null!, "d"));
        Assert.Throws<ArgumentNullException>(() => Repl.Define(Unique(), _ => "x", null!));
        Assert.Throws<ArgumentException>(() => Repl.Define(" ", _ => "x", "d"));
        Assert.Throws<ArgumentException>(() => Repl.Define("a b", _ => "x", "d"));
        Assert.Throws<ArgumentException>(() => Repl.Define("greet(who", _ => "x", "d"));
    }

    [Theory]
    [InlineData("help")]
    [InlineData("spawn(n)")]
    [InlineData("pids")]
    [InlineData("kill(id)")]
    [InlineData("shutdown")]
    [InlineData("stop")]
    [InlineData("restart")]
    [InlineData("echo(text)")]
    [InlineData("json")]
    public void Define_ABuiltinsName_IsAnArgumentExceptionNamingTheBuiltins(string signature)
    {
        var error = Assert.Throws<ArgumentException>(() => Repl.Define(signature, _ => "x", "mine"));

        Assert.StartsWith($"'{signature.Split('(')[0]}' is a built-in of the console (help, spawn, pids, kill, shutdown, stop, restart, echo, and the json prefix); choose another name", error.Message);
        Assert.Equal("signature", error.ParamName);
    }

    [Fact]
    public async Task Define_AddsTheCommand_WithItsUsage_OnceOnly()
    {
        var name = Unique();

        var command = Repl.Define($"{name}(who, times)", call => $"hi {call.Text(0, "who")}", "says hi");

        Assert.Equal($"{name}(who, times)", command.Usage);
        Assert.Same(command, Repl.Commands.Find(name));
        Assert.Equal("hi ops", await command.Run(new CommandCall(new FakePluginContext(new()), ["ops"])));
        Assert.Throws<ArgumentException>(() => Repl.Define(name, _ => "again", "again"));
    }

    [Fact]
    public void PluginsRepl_ArgumentChecking()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Plugins.Repl(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Plugins.Repl(65536));
        Assert.Throws<ArgumentException>(() => Plugins.Repl(3000, " "));
        Assert.Throws<ArgumentNullException>(() => Plugins.Repl(3000, null!));
        Assert.Throws<ArgumentException>(() => Plugins.Repl(""));
        Assert.Throws<ArgumentNullException>(() => Plugins.Repl(null!));
        Assert.Equal("repl", Plugins.Repl("console.sock").Name);
        Assert.Equal("repl", Plugins.Repl(3000).Name);
    }

    private static string Unique() => $"spec-{Guid.NewGuid():N}";
}
