using Cluster.Rx.Interop;

namespace Cluster.Rx.Supervision;

/// <summary>
/// The identity a worker has once it has dropped to the configured user — its uid and the groups it is in — and
/// the kernel's rule for what that identity may do with a path, from the path's mode bits, owner and group.
/// </summary>
/// <remarks>
/// Only the owner/group/other bits are evaluated: POSIX ACLs are not (see <see cref="PathWalk"/>, which gives a
/// path carrying an ACL the benefit of the doubt), nor are capabilities other than root's.
/// </remarks>
internal sealed class Credentials(uint uid, IReadOnlyCollection<uint> groups)
{
    /// <summary>The user id.</summary>
    public uint Uid { get; } = uid;

    /// <summary>Every group the identity is in (its group id and supplementary groups alike).</summary>
    public IReadOnlyCollection<uint> Groups { get; } = groups;

    /// <summary>
    /// True when this identity has <paramref name="needed"/> on a path with <paramref name="status"/>. As the
    /// kernel does, exactly one class of bits applies: the owner's when the uid owns the path (even if the group or
    /// other bits would grant more), else the group's when one of the groups is the path's, else the others'. Root
    /// (uid 0, with its capabilities) reads any file and searches any directory whatever the bits say.
    /// </summary>
    public bool Allows(FileStatus status, Permission needed) => Uid == 0 || (ClassBits(status) & (uint)needed) != 0;

    /// <summary>The class of bits that applies to this identity, as <c>chmod</c> names it: <c>u</c>, <c>g</c> or <c>o</c>.</summary>
    public char ClassOf(FileStatus status) => Uid == status.Owner ? 'u' : Groups.Contains(status.Group) ? 'g' : 'o';

    private uint ClassBits(FileStatus status) => ClassOf(status) switch
    {
        'u' => (status.Mode >> 6) & 7,
        'g' => (status.Mode >> 3) & 7,
        _ => status.Mode & 7,
    };
}
