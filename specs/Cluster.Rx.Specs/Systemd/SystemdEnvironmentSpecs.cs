using Cluster.Rx.Systemd;

namespace Cluster.Rx.Specs.Systemd;

public sealed class SystemdEnvironmentSpecs
{
    private const int Pid = 4242;
    private const int ParentPid = 4000;

    [Fact]
    public void Read_NoVariables_IsNone() =>
        Assert.Equal(SystemdEnvironment.None, SystemdEnvironment.Read(Variables(), Pid, null));

    [Fact]
    public void Read_AllOfThem_ForThisProcess()
    {
        var systemd = SystemdEnvironment.Read(
            Variables(
                ("NOTIFY_SOCKET", "/run/systemd/notify"),
                ("LISTEN_PID", $"{Pid}"),
                ("LISTEN_FDS", "1"),
                ("LISTEN_FDNAMES", "http"),
                ("WATCHDOG_USEC", "30000000"),
                ("WATCHDOG_PID", $"{Pid}")),
            Pid,
            null);

        Assert.Equal(new SystemdEnvironment("/run/systemd/notify", 1, "http", TimeSpan.FromSeconds(30), Activated: true), systemd);
    }

    [Fact]
    public void Read_ListenPidOfAnotherProcess_NoSocketsAreThisOnes()
    {
        var systemd = SystemdEnvironment.Read(Variables(("LISTEN_PID", "1"), ("LISTEN_FDS", "2")), Pid, null);

        Assert.Equal(0, systemd.ListenFds);
        Assert.False(systemd.Activated);
    }

    [Fact]
    public void Read_ListenFdsWithoutListenPid_NoSocketsAreThisOnes() =>
        Assert.False(SystemdEnvironment.Read(Variables(("LISTEN_FDS", "1")), Pid, null).Activated);

    [Theory]
    [InlineData(null, true)]
    [InlineData(Pid, true)]
    [InlineData(1, false)]
    [InlineData(ParentPid, false)]
    public void Read_WatchdogPid_InAMasterStartedByHand_OnlyUnsetOrItsOwnPid(int? watchdogPid, bool watched)
    {
        var systemd = SystemdEnvironment.Read(Variables(("WATCHDOG_USEC", "2000000"), ("WATCHDOG_PID", watchdogPid?.ToString())), Pid, null);

        Assert.Equal(watched ? TimeSpan.FromSeconds(2) : null, systemd.Watchdog);
    }

    [Fact]
    public void Read_WatchdogPid_InAReplacementMaster_ItsParentsPidToo()
    {
        var systemd = SystemdEnvironment.Read(Variables(("WATCHDOG_USEC", "2000000"), ("WATCHDOG_PID", $"{ParentPid}")), Pid, ParentPid);

        Assert.Equal(TimeSpan.FromSeconds(2), systemd.Watchdog);
    }

    [Fact]
    public void Read_WatchdogUsecZero_NoWatchdog() =>
        Assert.Null(SystemdEnvironment.Read(Variables(("WATCHDOG_USEC", "0")), Pid, null).Watchdog);

    [Fact]
    public void Read_ActivatedMarker_CountsInAReplacementOnly()
    {
        Assert.True(SystemdEnvironment.Read(Variables(("CLUSTER_SYSTEMD_ACTIVATED", "1")), Pid, ParentPid).Activated);
        Assert.False(SystemdEnvironment.Read(Variables(("CLUSTER_SYSTEMD_ACTIVATED", "1")), Pid, null).Activated);
    }

    [Theory]
    [InlineData("LISTEN_PID", "self")]
    [InlineData("WATCHDOG_USEC", "30s")]
    [InlineData("WATCHDOG_PID", "-1")]
    public void Read_NotANumber_IsAClearErrorNamingTheVariable(string name, string value)
    {
        var error = Assert.Throws<ClusterException>(() => SystemdEnvironment.Read(Variables((name, value), ("WATCHDOG_USEC", "1000"), ("LISTEN_FDS", "1")), Pid, null));

        Assert.Contains($"{name} is '{value}'", error.Message);
    }

    [Fact]
    public void ForReplacement_NotifySocketAndWatchdogOnTheOldMastersPid_NeverListenVariables()
    {
        var systemd = new SystemdEnvironment("@notify", 1, "http", TimeSpan.FromSeconds(30), Activated: true);

        Assert.Equal(
            [
                new("NOTIFY_SOCKET", "@notify"),
                new("WATCHDOG_USEC", "30000000"),
                new("WATCHDOG_PID", $"{Pid}"),
                new("CLUSTER_SYSTEMD_ACTIVATED", "1"),
            ],
            systemd.ForReplacement(Pid).ToList());
    }

    [Fact]
    public void ForReplacement_None_Nothing() => Assert.Empty(SystemdEnvironment.None.ForReplacement(Pid));

    [Fact]
    public void ForReplacement_ReadBackInTheReplacement_SameNotifySocketAndWatchdog()
    {
        var old = new SystemdEnvironment("/run/systemd/notify", 0, null, TimeSpan.FromSeconds(10), Activated: false);
        var passed = old.ForReplacement(ParentPid).ToDictionary(v => v.Key, v => v.Value);

        var replacement = SystemdEnvironment.Read(name => passed.GetValueOrDefault(name), Pid, ParentPid);

        Assert.Equal(old, replacement);
    }

    private static Func<string, string?> Variables(params (string Name, string? Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
