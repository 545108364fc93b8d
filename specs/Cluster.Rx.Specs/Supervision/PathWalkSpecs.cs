using Cluster.Rx.Interop;
using Cluster.Rx.Supervision;
using Mono.Unix.Native;

namespace Cluster.Rx.Specs.Supervision;

/// <summary>
/// Walks over real directories and files whose modes the specs set, judged for 'nobody' (uid 65534): the specs run
/// as root in CI, and root may read everything, so the walk is evaluated for another user's credentials.
/// </summary>
public sealed class PathWalkSpecs : IDisposable
{
    private readonly PermissionTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void FirstDenial_EveryDirectoryPassableAndTheFileReadable_IsNone()
    {
        _tree.AddDirectory("app", "0755");
        var file = _tree.AddFile("app/App.dll", "0644");

        Assert.Null(Walk().FirstDenial(file, Permission.Read));
    }

    [Fact]
    public void FirstDenial_SearchOnlyDirectories_AreEnoughToReachAFile()
    {
        _tree.AddDirectory("a/b", "0711");
        _tree.AddDirectory("a", "0711");
        var file = _tree.AddFile("a/b/App.dll", "0604");

        Assert.Null(Walk().FirstDenial(file, Permission.Read));
    }

    [Fact]
    public void FirstDenial_PrivateDirectoryOnTheWay_IsThatDirectory()
    {
        _tree.AddDirectory("private/app", "0755");
        var file = _tree.AddFile("private/app/App.dll", "0644");
        var directory = _tree.AddDirectory("private", "0700");

        var denial = Walk().FirstDenial(file, Permission.Read);

        Assert.Equal(new PathWalk.Denial(directory, FileStatus.Of(directory)!.Value, Permission.Search, IsTarget: false), denial);
        Assert.Equal("0700", denial!.Status.OctalMode);
    }

    [Fact]
    public void FirstDenial_TwoPrivateDirectories_IsTheUpperOne()
    {
        _tree.AddDirectory("upper/lower", "0700");
        var file = _tree.AddFile("upper/lower/App.dll", "0644");
        var upper = _tree.AddDirectory("upper", "0700");

        Assert.Equal(upper, Walk().FirstDenial(file, Permission.Read)?.Path);
    }

    [Fact]
    public void FirstDenial_ReadableButNotSearchableDirectory_IsThatDirectory()
    {
        _tree.AddDirectory("listable", "0755");
        var file = _tree.AddFile("listable/App.dll", "0644");
        var directory = _tree.AddDirectory("listable", "0744");

        Assert.Equal(directory, Walk().FirstDenial(file, Permission.Read)?.Path);
    }

    [Fact]
    public void FirstDenial_UnreadableFile_IsTheFileItself()
    {
        _tree.AddDirectory("app", "0755");
        var file = _tree.AddFile("app/App.dll", "0640");

        var denial = Walk().FirstDenial(file, Permission.Read);

        Assert.Equal(new PathWalk.Denial(file, FileStatus.Of(file)!.Value, Permission.Read, IsTarget: true), denial);
    }

    [Fact]
    public void FirstDenial_ExecutableButUnreadableFile_IsTheFileItself()
    {
        _tree.AddDirectory("app", "0755");
        var file = _tree.AddFile("app/App.dll", "0711");

        Assert.Equal(file, Walk().FirstDenial(file, Permission.Read)?.Path);
    }

    [Fact]
    public void FirstDenial_SearchOfADirectoryItself_NeedsItsXBit()
    {
        var open = _tree.AddDirectory("open", "0711");
        var closed = _tree.AddDirectory("closed", "0754");

        Assert.Null(Walk().FirstDenial(open, Permission.Search));
        Assert.Equal(new PathWalk.Denial(closed, FileStatus.Of(closed)!.Value, Permission.Search, IsTarget: true), Walk().FirstDenial(closed, Permission.Search));
    }

    [Fact]
    public void FirstDenial_GroupOfTheDirectory_ItsGroupBitsApply()
    {
        _tree.AddDirectory("shared", "0755");
        var file = _tree.AddFile("shared/App.dll", "0644");
        var directory = _tree.AddDirectory("shared", "0750");
        var member = new Credentials(65534, [PermissionTree.GroupOf(directory)]);

        Assert.Null(new PathWalk(member).FirstDenial(file, Permission.Read));
        Assert.Equal(directory, Walk().FirstDenial(file, Permission.Read)?.Path);
    }

    [Fact]
    public void FirstDenial_GroupOfTheDirectoryWithoutGroupBits_IsRefusedEvenWhenOthersMayPass()
    {
        _tree.AddDirectory("shared", "0755");
        var file = _tree.AddFile("shared/App.dll", "0644");
        var directory = _tree.AddDirectory("shared", "0705");
        var member = new Credentials(65534, [PermissionTree.GroupOf(directory)]);

        Assert.Equal(directory, new PathWalk(member).FirstDenial(file, Permission.Read)?.Path);
        Assert.Null(Walk().FirstDenial(file, Permission.Read));
    }

    [Fact]
    public void FirstDenial_Root_IsNoneWhateverTheModes()
    {
        _tree.AddDirectory("private/app", "0755");
        var file = _tree.AddFile("private/app/App.dll", "0000");
        _tree.AddDirectory("private/app", "0000");
        _tree.AddDirectory("private", "0000");

        Assert.Null(new PathWalk(new Credentials(0, [0])).FirstDenial(file, Permission.Read));
    }

    [Fact]
    public void FirstDenial_LinkFromAPublicDirectoryIntoAPrivateOne_IsThePrivateDirectory()
    {
        _tree.AddDirectory("private/app", "0755");
        _tree.AddFile("private/app/App.dll", "0644");
        var directory = _tree.AddDirectory("private", "0700");
        _tree.AddDirectory("public", "0755");
        var link = _tree.AddLink("public/app", directory + "/app");

        Assert.Equal(directory, Walk().FirstDenial(link + "/App.dll", Permission.Read)?.Path);
    }

    [Fact]
    public void FirstDenial_LinkInsideAPrivateDirectory_IsThePrivateDirectory()
    {
        _tree.AddDirectory("public", "0755");
        _tree.AddFile("public/App.dll", "0644");
        _tree.AddDirectory("private", "0755");
        _tree.AddLink("private/app", "../public");
        var directory = _tree.AddDirectory("private", "0700");

        Assert.Equal(directory, Walk().FirstDenial(directory + "/app/App.dll", Permission.Read)?.Path);
    }

    [Fact]
    public void FirstDenial_RelativeLinksBetweenPublicDirectories_IsNone()
    {
        _tree.AddDirectory("releases/v2", "0755");
        var file = _tree.AddFile("releases/v2/App.dll", "0644");
        _tree.AddLink("current", "releases/./v2");
        _tree.AddDirectory("other", "0755");
        _tree.AddLink("other/app", "../current");

        Assert.Null(Walk().FirstDenial(_tree.Root + "/other/app/App.dll", Permission.Read));
        Assert.Null(Walk().FirstDenial(file, Permission.Read));
    }

    [Fact]
    public void FirstDenial_RelativeLinkUpAndIntoAPrivateDirectory_NamesThatDirectoryByItsOwnPath()
    {
        _tree.AddDirectory("private/app", "0755");
        _tree.AddFile("private/app/App.dll", "0644");
        var directory = _tree.AddDirectory("private", "0700");
        _tree.AddDirectory("public", "0755");
        var link = _tree.AddLink("public/app", "../private/app");

        Assert.Equal(directory, Walk().FirstDenial(link + "/App.dll", Permission.Read)?.Path);
    }

    [Fact]
    public void FirstDenial_LinkToAnUnreadableFile_IsTheFileLinkedTo()
    {
        _tree.AddDirectory("app", "0755");
        var file = _tree.AddFile("app/App.dll", "0600");
        var link = _tree.AddLink("app/Link.dll", "App.dll");

        Assert.Equal(file, Walk().FirstDenial(link, Permission.Read)?.Path);
    }

    [Fact]
    public void FirstDenial_LoopOfLinks_IsNotJudged()
    {
        _tree.AddLink("a", "b");
        _tree.AddLink("b", "a");

        Assert.Null(Walk().FirstDenial(_tree.Root + "/a/App.dll", Permission.Read));
    }

    [Fact]
    public void FirstDenial_MissingPath_IsNotJudged()
    {
        _tree.AddDirectory("app", "0755");

        Assert.Null(Walk().FirstDenial(_tree.Root + "/app/Missing.dll", Permission.Read));
        Assert.Null(Walk().FirstDenial(_tree.Root + "/missing/App.dll", Permission.Read));
    }

    [Fact]
    public void FirstDenial_AccessAclOnTheRefusingDirectory_GetsTheBenefitOfTheDoubt()
    {
        _tree.AddDirectory("private/app", "0755");
        var file = _tree.AddFile("private/app/App.dll", "0644");
        var directory = _tree.AddDirectory("private", "0700");
        if (!GrantRead(directory, uid: 65534))
        {
            // The file system here keeps no POSIX ACLs: there is nothing to judge.
            return;
        }

        Assert.False(PermissionTree.Nobody.Allows(FileStatus.Of(directory)!.Value, Permission.Search));
        Assert.Null(Walk().FirstDenial(file, Permission.Read));
    }

    private static PathWalk Walk() => new(PermissionTree.Nobody);

    /// <summary>
    /// Sets an access ACL on <paramref name="path"/> granting <paramref name="uid"/> r-x, as <c>setfacl -m
    /// u:UID:rx</c> would (owner rwx, group and others nothing); false when the file system does not keep ACLs.
    /// </summary>
    private static bool GrantRead(string path, uint uid)
    {
        // posix_acl_xattr: version 2, then (tag u16, permissions u16, id u32) sorted by tag.
        const uint Undefined = uint.MaxValue;
        (ushort Tag, ushort Permissions, uint Id)[] entries =
            [(0x01, 7, Undefined), (0x02, 5, uid), (0x04, 0, Undefined), (0x10, 5, Undefined), (0x20, 0, Undefined)];
        var value = new byte[4 + (entries.Length * 8)];
        BitConverter.TryWriteBytes(value.AsSpan(0, 4), 2u);
        for (var i = 0; i < entries.Length; i++)
        {
            var at = 4 + (i * 8);
            BitConverter.TryWriteBytes(value.AsSpan(at, 2), entries[i].Tag);
            BitConverter.TryWriteBytes(value.AsSpan(at + 2, 2), entries[i].Permissions);
            BitConverter.TryWriteBytes(value.AsSpan(at + 4, 4), entries[i].Id);
        }

        return Syscall.setxattr(path, "system.posix_acl_access", value) == 0;
    }
}
