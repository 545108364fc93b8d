using System.Text;
using Cluster.Rx.Interop;

namespace Cluster.Rx.Specs.Interop;

public sealed class ResidentMemorySpecs
{
    [Theory]
    [InlineData("1000 300 50 10 0 200 0\n", 4096, 300 * 4096L)]
    [InlineData("1000 0 0 0 0 0 0", 4096, 0L)]
    [InlineData("9 7", 65536, 7 * 65536L)]
    public void Parse_TheSecondFieldInPages_IsTheResidentBytes(string statm, long pageSize, long expected) =>
        Assert.Equal(expected, ResidentMemory.Parse(Encoding.ASCII.GetBytes(statm), pageSize));

    [Theory]
    [InlineData("")]
    [InlineData("1000")]
    [InlineData("1000 lots")]
    [InlineData("1000 -3")]
    public void Parse_NotAStatmLine_IsNull(string statm) =>
        Assert.Null(ResidentMemory.Parse(Encoding.ASCII.GetBytes(statm), 4096));

    [Fact]
    public void Of_ThisProcess_IsMoreThanAMebibyte_AndOfNoProcessIsNull()
    {
        Assert.InRange(ResidentMemory.Of(Environment.ProcessId) ?? 0, 1024 * 1024, long.MaxValue);
        Assert.Null(ResidentMemory.Of(int.MaxValue));
    }
}
