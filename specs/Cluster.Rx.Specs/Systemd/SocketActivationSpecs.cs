using Cluster.Rx.Internal;
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
}
