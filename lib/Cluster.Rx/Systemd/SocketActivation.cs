using Cluster.Rx.Internal;
using Cluster.Rx.Interop;
using Cluster.Rx.Supervision;

namespace Cluster.Rx.Systemd;

/// <summary>
/// systemd's socket activation (<c>.socket</c> units): with <c>LISTEN_PID</c> this process's pid and <c>LISTEN_FDS</c>
/// 1 or more, the master serves the socket passed on fd 3 (<see cref="FirstFd"/>) instead of binding what
/// <c>Listen</c> declared (<see cref="ActivatedListenTarget"/>). With more than one socket passed, the first is
/// served, a warning names the others, and they are closed to the processes the master starts.
/// </summary>
internal static class SocketActivation
{
    /// <summary>The first descriptor systemd passes (<c>SD_LISTEN_FDS_START</c>).</summary>
    public const int FirstFd = 3;

    /// <summary>Where the master listens: <paramref name="declared"/>, or, when systemd passed sockets, the one on fd 3.</summary>
    public static ListenTarget? TargetFor(SystemdEnvironment systemd, ListenTarget? declared, ClusterLog log)
    {
        if (!systemd.Activated)
        {
            return declared;
        }

        if (declared is null)
        {
            log.Write(LogEvents.ActivationSocketsUnused, systemd.ListenFds, SystemdEnvironment.ListenFdsVariable);
            KeepFromChildren(FirstFd, systemd.ListenFds);
            return null;
        }

        return new ActivatedListenTarget(declared, systemd.ListenFds, systemd.ListenFdNames, log);
    }

    /// <summary>Marks <paramref name="count"/> descriptors from <paramref name="first"/> on close-on-exec: no worker inherits them.</summary>
    public static void KeepFromChildren(int first, int count)
    {
        for (var fd = first; fd < first + count; fd++)
        {
            try
            {
                Libc.SetCloseOnExec(fd, closeOnExec: true);
            }
            catch (IOException)
            {
                // Not open (systemd said more than it passed): nothing to keep from anyone.
            }
        }
    }
}
