namespace Cluster.Rx.Specs;

/// <summary>The CLI's commands: their flags, matching the program's arguments, and defining more.</summary>
public sealed class CliCommandTableSpecs
{
    [Fact]
    public void Define_ArgumentChecking()
    {
        var sut = new CliCommandTable();

        Assert.Throws<ArgumentNullException>(() => sut.Define("-v", null!, "version"));
        Assert.Throws<ArgumentNullException>(() => sut.Define("-v", Zero, null!));
        Assert.Throws<ArgumentException>(() => sut.Define(" ", Zero, "version"));
        Assert.Throws<ArgumentNullException>(() => Cli.Define("--never-defined", (Func<PluginRun, int>)null!, "no"));
        Assert.Throws<ArgumentNullException>(() => Cli.Define("--never-defined", (Func<PluginRun, Task<int>>)null!, "no"));
        Assert.DoesNotContain(sut.Commands, c => c.Flags.Contains("-v"));
    }

    [Theory]
    [InlineData("-v,, version", "has an empty entry")]
    [InlineData("-v, --ver sion", "has flag '--ver sion', which may only have letters, digits, '-' and '_'")]
    [InlineData("-v, --", "has flag '--', which is only dashes")]
    [InlineData("-v, version, -v", "gives flag '-v' twice")]
    public void Parse_MalformedFlags_SaysWhatIsWrongAndHowToWriteThem(string flags, string what)
    {
        var error = Assert.Throws<ArgumentException>(() => CliFlags.Parse(flags));

        Assert.Equal($"flags \"{flags}\" {what}; write them separated by commas, like \"-v, --version, version\" (Parameter 'flags')", error.Message);
    }

    [Fact]
    public void Parse_TrimsEachFlag_AndKeepsTheOrder() =>
        Assert.Equal(["-v", "--version", "version"], CliFlags.Parse(" -v ,--version,  version "));

    [Fact]
    public void BuiltIns_HaveTheOriginalFlags_InHelpOrder()
    {
        var sut = new CliCommandTable();

        Assert.Equal(
            ["-h, --help, help", "-s, --status, status", "--restart, restart", "--shutdown, shutdown", "--stop, stop"],
            sut.Commands.Select(c => c.Usage));
        Assert.Equal(["help", "status", "restart", "shutdown", "stop"], sut.Commands.Select(c => c.Name));
        Assert.All(sut.Commands, c => Assert.True(c.BuiltIn));
    }

    [Theory]
    [InlineData(new[] { "status" }, "status")]
    [InlineData(new[] { "http", "-s" }, "status")]
    [InlineData(new[] { "--status", "restart" }, "status")]
    [InlineData(new[] { "--port", "80", "--shutdown", "--stop" }, "shutdown")]
    [InlineData(new[] { "-h" }, "help")]
    [InlineData(new[] { "help" }, "help")]
    [InlineData(new[] { "--stop" }, "stop")]
    public void Match_TheFirstArgumentThatIsAFlag_PicksItsCommand(string[] arguments, string command) =>
        Assert.Equal(command, new CliCommandTable().Match(arguments)?.Name);

    [Theory]
    [InlineData("")]
    [InlineData("--urls http://*:80")]
    [InlineData("STATUS --Status -status statuses")]
    [InlineData("-- status")]
    [InlineData("serve -- -r")]
    public void Match_NoArgumentIsAFlag_IsNull_SoTheMasterStarts(string arguments) =>
        Assert.Null(new CliCommandTable().Match(arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)));

    [Fact]
    public void Define_AddsACommandAfterTheBuiltIns_ThatMatchesByAnyOfItsFlags()
    {
        var sut = new CliCommandTable();

        var defined = sut.Define("-v, --version, version", Zero, "print the version");

        Assert.Same(defined, sut.Commands[^1]);
        Assert.Equal("version", defined.Name);
        Assert.False(defined.BuiltIn);
        Assert.Same(defined, sut.Match(["--version"]));
        Assert.Same(defined, sut.Match(["x", "-v"]));
    }

    [Theory]
    [InlineData("-s, --state", "flag '-s' is taken by the built-in command 'status' (-s, --status, status); choose another")]
    [InlineData("--shutdown", "flag '--shutdown' is taken by the built-in command 'shutdown' (--shutdown, shutdown); choose another")]
    [InlineData("version, -v", "flag 'version' is taken by the command 'version' (-v, --version, version); choose another")]
    public void Define_AFlagTakenByABuiltInOrAnotherCommand_IsAnArgumentExceptionNamingIt(string flags, string message)
    {
        var sut = new CliCommandTable();
        sut.Define("-v, --version, version", Zero, "print the version");

        var error = Assert.Throws<ArgumentException>(() => sut.Define(flags, Zero, "clash"));

        Assert.Equal($"{message} (Parameter 'flags')", error.Message);
        Assert.Equal(6, sut.Commands.Count);
    }

    [Fact]
    public void CliDefine_AFlagOfABuiltIn_IsAnArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => Cli.Define("-s, --summary", _ => 0, "summary"));

        Assert.StartsWith("flag '-s' is taken by the built-in command 'status'", error.Message);
    }

    private static Task<int> Zero(CliContext context) => Task.FromResult(0);
}
