using System.Globalization;
using Mono.Unix.Native;

namespace Cluster.Rx.Interop;

/// <summary>User and group names for messages: the name from the account databases, or the number when there is none.</summary>
internal static class AccountNames
{
    /// <summary>The name of the user <paramref name="uid"/>, such as <c>root</c>, else the uid itself.</summary>
    public static string OfUser(uint uid) => Syscall.getpwuid(uid)?.pw_name ?? uid.ToString(CultureInfo.InvariantCulture);

    /// <summary>The name of the group <paramref name="gid"/>, such as <c>root</c>, else the gid itself.</summary>
    public static string OfGroup(uint gid) => Syscall.getgrgid(gid)?.gr_name ?? gid.ToString(CultureInfo.InvariantCulture);
}
