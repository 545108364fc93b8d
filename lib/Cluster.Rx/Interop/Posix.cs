using Mono.Unix.Native;

namespace Cluster.Rx.Interop;

/// <summary>The few POSIX calls .NET does not offer, through Mono.Posix, with errno turned into exceptions.</summary>
internal static class Posix
{
    /// <summary>This process's effective user id.</summary>
    public static uint EffectiveUserId => Syscall.geteuid();

    /// <summary>Restricts <paramref name="path"/> to its owner (mode 0600).</summary>
    public static void MakeOwnerOnly(string path)
    {
        if (Syscall.chmod(path, FilePermissions.S_IRUSR | FilePermissions.S_IWUSR) != 0)
        {
            throw Failure($"chmod(\"{path}\", 0600)", Stdlib.GetLastError());
        }
    }

    /// <summary>Looks up a user by name or numeric id: its uid and primary gid, or null.</summary>
    public static (uint Uid, uint Gid)? FindUser(string nameOrId)
    {
        var entry = uint.TryParse(nameOrId, out var uid) ? Syscall.getpwuid(uid) : Syscall.getpwnam(nameOrId);
        return entry is null ? null : (entry.pw_uid, entry.pw_gid);
    }

    /// <summary>Looks up a group by name or numeric id: its gid, or null.</summary>
    public static uint? FindGroup(string nameOrId)
    {
        var entry = uint.TryParse(nameOrId, out var gid) ? Syscall.getgrgid(gid) : Syscall.getgrnam(nameOrId);
        return entry?.gr_gid;
    }

    /// <summary>Drops this process (every thread) to <paramref name="uid"/> and <paramref name="gid"/>, group first.</summary>
    public static void SwitchUser(uint? uid, uint? gid)
    {
        if (gid is uint g)
        {
            Check(Syscall.setgroups([g]), $"setgroups([{g}])");
            Check(Syscall.setgid(g), $"setgid({g})");
        }

        if (uid is uint u)
        {
            Check(Syscall.setuid(u), $"setuid({u})");
        }
    }

    private static void Check(int result, string call)
    {
        if (result != 0)
        {
            throw Failure(call, Stdlib.GetLastError());
        }
    }

    private static ClusterException Failure(string call, Errno errno) =>
        new($"{call} failed: {errno} ({Syscall.strerror(errno)})");
}
