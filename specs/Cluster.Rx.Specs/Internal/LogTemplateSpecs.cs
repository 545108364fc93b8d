using System.Globalization;
using Cluster.Rx.Internal;

namespace Cluster.Rx.Specs.Internal;

/// <summary>Message templates: parsed once, rendered as the interpolated strings they replaced.</summary>
public sealed class LogTemplateSpecs
{
    [Fact]
    public void Parse_NamesTheHolesInOrder_KeepsTheText()
    {
        var sut = LogTemplate.Parse("worker {WorkerId} (pid {Pid}) in {DelayMs:0} ms");

        Assert.Equal(["WorkerId", "Pid", "DelayMs"], sut.Names);
        Assert.Equal("worker {WorkerId} (pid {Pid}) in {DelayMs:0} ms", sut.Text);
    }

    [Fact]
    public void Render_FillsTheHolesWithFormats_AsInterpolationWould()
    {
        var sut = LogTemplate.Parse("restart asked for {UptimeSeconds:0.#} s; replacing it in {DelayMs:0} ms; {TimeoutMs} ms; {Signal}");
        const double uptime = 1.24, delay = 99.6, timeout = 5000;

        var text = sut.Render([uptime, delay, timeout, Signal.SIGQUIT]);

        Assert.Equal($"restart asked for {uptime:0.#} s; replacing it in {delay:0} ms; {timeout} ms; {Signal.SIGQUIT}", text);
        Assert.Equal("restart asked for 1.2 s; replacing it in 100 ms; 5000 ms; SIGQUIT", text);
    }

    [Fact]
    public void Render_NullAndPlainObjects_AsInterpolationWould()
    {
        var sut = LogTemplate.Parse("pid {Pid} from {From}");
        int? pid = null;
        var from = new Worker(1, 2);

        Assert.Equal($"pid {pid} from {from}", sut.Render([pid, from]));
    }

    [Fact]
    public void Render_UsesTheCurrentCulture_AsInterpolationDoes()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            Assert.Equal("1.5 s", LogTemplate.Parse("{Seconds} s").Render([1.5]));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void Parse_DoubledBraces_AreLiteralBraces()
    {
        var sut = LogTemplate.Parse("{{literal}} {Value} }}");

        Assert.Equal(["Value"], sut.Names);
        Assert.Equal("{literal} 7 }", sut.Render([7]));
    }

    [Theory]
    [InlineData("open {Hole", "never closes it")]
    [InlineData("stray } brace", "closes no hole")]
    [InlineData("empty {} hole", "without a name")]
    [InlineData("bad {Na me} hole", "without a name")]
    public void Parse_Malformed_ThrowsSayingWhy(string template, string why)
    {
        var error = Assert.Throws<FormatException>(() => LogTemplate.Parse(template));

        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Contains(template, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TooFewValues_ThrowsNamingTheTemplate()
    {
        var error = Assert.Throws<ArgumentException>(() => LogTemplate.Parse("{A} {B}").Render([1]));

        Assert.Contains("'{A} {B}' has 2 hole(s), not 1", error.Message, StringComparison.Ordinal);
    }
}
