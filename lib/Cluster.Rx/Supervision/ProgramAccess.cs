using Cluster.Rx.Interop;

namespace Cluster.Rx.Supervision;

/// <summary>
/// Checked in the master before any worker starts: can the configured <c>user</c> (with the configured
/// <c>group</c>, else its primary group) reach everything a worker loads after it has switched to that user?
/// Without this check, a program deployed where that user cannot read it fails in every worker (the assembly
/// loader's FileNotFoundException) and the master crash-loops with no word of the cause.
/// </summary>
internal static class ProgramAccess
{
    /// <summary>
    /// Throws when the workers, once switched to <paramref name="user"/> and <paramref name="group"/>, could not
    /// read the program or enter <paramref name="workingDirectory"/>. Does nothing without a <c>user</c> (a worker
    /// that keeps uid 0 reads everything) or when this process is not root (then the workers cannot switch at
    /// all, and say so themselves).
    /// </summary>
    /// <exception cref="ClusterException">The message names the user, the first path it cannot reach, and how to fix it.</exception>
    public static void Check(string? user, string? group, string workingDirectory)
    {
        if (user is null || Posix.EffectiveUserId != 0 || Posix.FindUser(user) is not { } account)
        {
            return;
        }

        if ((group is null ? account.Gid : Posix.FindGroup(group)) is not uint gid)
        {
            return;
        }

        // The worker drops to exactly this one group (WorkerHost.SwitchUser: setgroups([gid]), setgid(gid)): the
        // user's other supplementary groups are not kept, so they grant nothing here either.
        var credentials = new Credentials(account.Uid, [gid]);
        if (FirstProblem(credentials, ProgramFiles.Current(workingDirectory)) is { } problem)
        {
            throw new ClusterException(Explain(user, credentials, problem.Requirement, problem.Denial));
        }
    }

    /// <summary>The first requirement, in order, that <paramref name="credentials"/> cannot meet, with where it was refused.</summary>
    public static (ProgramFiles.Requirement Requirement, PathWalk.Denial Denial)? FirstProblem(Credentials credentials, IEnumerable<ProgramFiles.Requirement> requirements)
    {
        var walk = new PathWalk(credentials);
        foreach (var requirement in requirements)
        {
            if (walk.FirstDenial(requirement.Path, requirement.Needed) is { } denial)
            {
                return (requirement, denial);
            }
        }

        return null;
    }

    /// <summary>
    /// The error, such as: <c>user 'nobody' (uid 65534, group nogroup) cannot read /root/app/App.dll, the
    /// program's entry assembly: the directory /root is mode 0700, owned by root:root, and others may not pass
    /// through it; make it searchable by that user (chmod o+x /root) or deploy the program where that user can
    /// read it</c>.
    /// </summary>
    public static string Explain(string user, Credentials credentials, ProgramFiles.Requirement requirement, PathWalk.Denial denial)
    {
        var status = denial.Status;
        var who = credentials.ClassOf(status) switch { 'u' => "its owner", 'g' => "its group", _ => "others" };
        var (may, able, bit) = denial.Needed == Permission.Read ? ("read it", "readable", 'r') : ("pass through it", "searchable", 'x');
        var path = denial.IsTarget ? denial.Path : $"the directory {denial.Path}";
        var target = requirement.Needed == Permission.Read ? "read" : "enter";
        var groups = string.Join(", ", credentials.Groups.Select(AccountNames.OfGroup));
        return $"user '{user}' (uid {credentials.Uid}, group {groups}) cannot {target} {requirement.Path}, {requirement.What}: "
            + $"{path} is mode {status.OctalMode}, owned by {AccountNames.OfUser(status.Owner)}:{AccountNames.OfGroup(status.Group)}, and {who} may not {may}; "
            + $"make it {able} by that user (chmod {credentials.ClassOf(status)}+{bit} {denial.Path}) {requirement.Otherwise}";
    }
}
