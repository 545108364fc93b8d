using Cluster.Rx.Interop;
using Cluster.Rx.Supervision;

namespace Cluster.Rx.Specs.Supervision;

/// <summary>The first requirement a user cannot meet and the error it gives, on real files judged for 'nobody' (uid 65534).</summary>
public sealed class ProgramAccessSpecs : IDisposable
{
    private readonly PermissionTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void FirstProblem_EverythingReachable_IsNone()
    {
        var (app, entry) = Program("0755", "0644");

        Assert.Null(ProgramAccess.FirstProblem(PermissionTree.Nobody, ProgramFiles.From(app, entry, null, null, null, app)));
    }

    [Fact]
    public void FirstProblem_ProgramUnderAPrivateDirectory_IsTheEntryAssemblyRefusedAtThatDirectory()
    {
        var (app, entry) = Program("0755", "0644");
        var deploy = _tree.AddDirectory("deploy", "0700");

        var problem = ProgramAccess.FirstProblem(PermissionTree.Nobody, ProgramFiles.From(app, entry, null, null, null, app));

        Assert.Equal((entry, deploy, false), (problem?.Requirement.Path, problem?.Denial.Path, problem?.Denial.IsTarget));
    }

    [Fact]
    public void FirstProblem_OneUnreadableLibrary_IsThatLibrary()
    {
        var (app, entry) = Program("0755", "0644");
        var library = _tree.AddFile("deploy/app/Lib.dll", "0600");

        var problem = ProgramAccess.FirstProblem(PermissionTree.Nobody, ProgramFiles.From(app, entry, null, null, null, app));

        Assert.Equal((library, library, true), (problem?.Requirement.Path, problem?.Denial.Path, problem?.Denial.IsTarget));
    }

    [Fact]
    public void FirstProblem_PrivateWorkingDirectory_IsTheWorkingDirectory()
    {
        var (app, entry) = Program("0755", "0644");
        var work = _tree.AddDirectory("work", "0750");

        var problem = ProgramAccess.FirstProblem(PermissionTree.Nobody, ProgramFiles.From(app, entry, null, null, null, work));

        Assert.Equal((work, Permission.Search, true), (problem?.Requirement.Path, problem?.Denial.Needed, problem?.Denial.IsTarget));
    }

    [Fact]
    public void Explain_PrivateDirectory_NamesTheUserThePathTheDirectoryAndTheFix()
    {
        var (app, entry) = Program("0755", "0644");
        var deploy = _tree.AddDirectory("deploy", "0700");
        var problem = ProgramAccess.FirstProblem(PermissionTree.Nobody, ProgramFiles.From(app, entry, null, null, null, app))!.Value;
        var status = FileStatus.Of(deploy)!.Value;

        var message = ProgramAccess.Explain("nobody", PermissionTree.Nobody, problem.Requirement, problem.Denial);

        Assert.Equal(
            $"user 'nobody' (uid 65534, group {AccountNames.OfGroup(65534)}) cannot read {entry}, the program's entry assembly: "
            + $"the directory {deploy} is mode 0700, owned by {AccountNames.OfUser(status.Owner)}:{AccountNames.OfGroup(status.Group)}, and others may not pass through it; "
            + $"make it searchable by that user (chmod o+x {deploy}) or deploy the program where that user can read it",
            message);
    }

    [Fact]
    public void Explain_UnreadableFileOfTheUsersGroup_SaysToChangeTheGroupBits()
    {
        var (app, entry) = Program("0755", "0604");
        var member = new Credentials(65534, [PermissionTree.GroupOf(entry)]);
        var problem = ProgramAccess.FirstProblem(member, ProgramFiles.From(app, entry, null, null, null, app))!.Value;

        var message = ProgramAccess.Explain("65534", member, problem.Requirement, problem.Denial);

        Assert.StartsWith($"user '65534' (uid 65534, group {AccountNames.OfGroup(PermissionTree.GroupOf(entry))}) cannot read {entry}, the program's entry assembly: {entry} is mode 0604", message);
        Assert.EndsWith($"and its group may not read it; make it readable by that user (chmod g+r {entry}) or deploy the program where that user can read it", message);
    }

    [Fact]
    public void Explain_WorkingDirectory_SaysToChooseAnother()
    {
        var (app, entry) = Program("0755", "0644");
        var work = _tree.AddDirectory("work", "0700");
        var problem = ProgramAccess.FirstProblem(PermissionTree.Nobody, ProgramFiles.From(app, entry, null, null, null, work))!.Value;

        var message = ProgramAccess.Explain("nobody", PermissionTree.Nobody, problem.Requirement, problem.Denial);

        Assert.Contains($"cannot enter {work}, the working directory: {work} is mode 0700", message);
        Assert.EndsWith($"(chmod o+x {work}) or set 'working directory' to a directory that user can enter", message);
    }

    [Fact]
    public void Check_NoUser_ChecksNothing()
    {
        var work = _tree.AddDirectory("work", "0700");

        ProgramAccess.Check(user: null, group: "nogroup", work);
    }

    /// <summary>deploy/app/App.dll with the given modes for app and App.dll (deploy is 0755 until a spec changes it).</summary>
    private (string App, string Entry) Program(string appMode, string entryMode)
    {
        _tree.AddDirectory("deploy", "0755");
        var app = _tree.AddDirectory("deploy/app", appMode);
        return (app, _tree.AddFile("deploy/app/App.dll", entryMode));
    }
}
