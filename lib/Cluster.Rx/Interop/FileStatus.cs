using Mono.Unix.Native;

namespace Cluster.Rx.Interop;

/// <summary>What <c>stat</c> tells about a path's permissions: its mode bits, owner and group, and its kind.</summary>
/// <param name="Mode">The permission bits (<c>0777</c> and the set-id and sticky bits), without the file type.</param>
/// <param name="Owner">The owner's uid.</param>
/// <param name="Group">The group's gid.</param>
/// <param name="Kind">A directory, a symbolic link (from <see cref="OfLink"/> only) or anything else.</param>
internal readonly record struct FileStatus(uint Mode, uint Owner, uint Group, FileKind Kind)
{
    /// <summary>The status of <paramref name="path"/>, following symbolic links; null when it cannot be had (missing, say).</summary>
    public static FileStatus? Of(string path) => Syscall.stat(path, out var stat) == 0 ? From(stat) : null;

    /// <summary>The status of <paramref name="path"/> itself, a symbolic link as such; null when it cannot be had.</summary>
    public static FileStatus? OfLink(string path) => Syscall.lstat(path, out var stat) == 0 ? From(stat) : null;

    /// <summary>
    /// True when <paramref name="path"/> carries a POSIX access ACL (<c>system.posix_acl_access</c>), which may
    /// grant what its mode bits do not.
    /// </summary>
    public static bool HasAccessAcl(string path) => Syscall.getxattr(path, "system.posix_acl_access", out byte[] _) >= 0;

    /// <summary>The mode as <c>chmod</c> and <c>ls</c> spell it in octal, such as <c>0700</c>.</summary>
    public string OctalMode => Convert.ToString(Mode, 8).PadLeft(4, '0');

    private static FileStatus From(Stat stat)
    {
        var type = stat.st_mode & FilePermissions.S_IFMT;
        var kind = type switch
        {
            FilePermissions.S_IFDIR => FileKind.Directory,
            FilePermissions.S_IFLNK => FileKind.SymbolicLink,
            _ => FileKind.Other,
        };
        return new((uint)(stat.st_mode & ~FilePermissions.S_IFMT), stat.st_uid, stat.st_gid, kind);
    }
}
