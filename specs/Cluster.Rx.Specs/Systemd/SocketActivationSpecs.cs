using Cluster.Rx.Internal;
using Cluster.Rx.Interop;
using Cluster.Rx.Supervision;
using Cluster.Rx.Systemd;

namespace Cluster.Rx.Specs.Systemd;

public sealed class SocketActivationSpecs
{
    private readonly ClusterLog _log = new(TextWriter.Null);

    [Fact]
    public void TargetFor_NoSocketPassed_WhatListenDeclared()
    {
        var declared = new ListenTarget.Tcp("127.0.0.1", 3000);

        Assert.Same(declared, SocketActivation.TargetFor(SystemdEnvironment.None, declared, _log));
    }

    [Fact]
    public void TargetFor_SocketPassed_TheOneOnFd3_NeverBinds_NothingToRemoveAtTheEnd()
    {
        var declared = new ListenTarget.Unix("/run/app.sock");
        var systemd = new SystemdEnvironment(null, 1, "http", null, Activated: true);

        var target = SocketActivation.TargetFor(systemd, declared, _log);

        var activated = Assert.IsType<ActivatedListenTarget>(target);
        Assert.Equal(declared, activated.Declared);
        Assert.Equal(1, activated.Fds);
        Assert.Equal("http", activated.Names);
    }

    [Fact]
    public void KeepFromChildren_MarksAnOpenDescriptorCloseOnExec()
    {
        using var file = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.DeleteOnClose);
        var fd = Libc.Dup((int)file.SafeFileHandle.DangerousGetHandle()); // a dup is inherited by children
        try
        {
            Assert.False(IsCloseOnExec(fd));

            SocketActivation.KeepFromChildren(fd, 1);

            Assert.True(IsCloseOnExec(fd));
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    [Fact]
    public void KeepFromChildren_DescriptorsSystemdCountedButDidNotPass_AreSkipped()
    {
        const int NotOpen = 4000;
        Assert.False(File.Exists($"/proc/self/fd/{NotOpen}"));

        SocketActivation.KeepFromChildren(NotOpen, 2);
    }

    private static bool IsCloseOnExec(int fd)
    {
        const int OCloexec = 0x80000; // 02000000 in the octal "flags:" line of /proc/self/fdinfo
        var flags = File.ReadLines($"/proc/self/fdinfo/{fd}").Single(l => l.StartsWith("flags:", StringComparison.Ordinal));
        return (Convert.ToInt32(flags["flags:".Length..].Trim(), 8) & OCloexec) != 0;
    }
}
