using Cluster.Rx.Interop;
using Cluster.Rx.Supervision;

namespace Cluster.Rx.Specs.Supervision;

/// <summary>The kernel's rule for the owner/group/other bits, on statuses made in memory.</summary>
public sealed class CredentialsSpecs
{
    private const uint Owner = 1000;
    private const uint Group = 1000;
    private static readonly Credentials OwnerOnly = new(Owner, [50]);
    private static readonly Credentials GroupMember = new(2000, [7, Group]);
    private static readonly Credentials Other = new(2000, [7]);

    [Theory]
    [InlineData("0000")]
    [InlineData("0700")]
    public void Allows_Root_ReadsAndSearchesWhateverTheMode(string mode)
    {
        var root = new Credentials(0, [0]);

        Assert.True(root.Allows(Status(mode), Permission.Read));
        Assert.True(root.Allows(Status(mode), Permission.Search));
    }

    [Fact]
    public void Allows_Owner_OnlyTheOwnerBitsCountEvenWhenOthersMayMore()
    {
        Assert.False(OwnerOnly.Allows(Status("0077"), Permission.Read));
        Assert.False(OwnerOnly.Allows(Status("0077"), Permission.Search));
        Assert.True(OwnerOnly.Allows(Status("0400"), Permission.Read));
        Assert.True(OwnerOnly.Allows(Status("0100"), Permission.Search));
    }

    [Fact]
    public void Allows_GroupMember_OnlyTheGroupBitsCountEvenWhenOthersMayMore()
    {
        Assert.False(GroupMember.Allows(Status("0707"), Permission.Read));
        Assert.True(GroupMember.Allows(Status("0040"), Permission.Read));
        Assert.True(GroupMember.Allows(Status("0010"), Permission.Search));
    }

    [Fact]
    public void Allows_Other_TheOtherBits()
    {
        Assert.False(Other.Allows(Status("0770"), Permission.Read));
        Assert.False(Other.Allows(Status("0770"), Permission.Search));
        Assert.True(Other.Allows(Status("0004"), Permission.Read));
        Assert.True(Other.Allows(Status("0001"), Permission.Search));
    }

    [Fact]
    public void Allows_ReadAndSearch_AreTheRAndXBits()
    {
        Assert.False(Other.Allows(Status("0001"), Permission.Read));
        Assert.False(Other.Allows(Status("0004"), Permission.Search));
        Assert.False(Other.Allows(Status("0002"), Permission.Read));
        Assert.False(Other.Allows(Status("0002"), Permission.Search));
    }

    [Fact]
    public void ClassOf_NamesTheClassAsChmodDoes()
    {
        Assert.Equal('u', OwnerOnly.ClassOf(Status("0777")));
        Assert.Equal('g', GroupMember.ClassOf(Status("0777")));
        Assert.Equal('o', Other.ClassOf(Status("0777")));
    }

    private static FileStatus Status(string mode) => new((uint)Convert.ToInt32(mode, 8), Owner, Group, FileKind.Directory);
}
