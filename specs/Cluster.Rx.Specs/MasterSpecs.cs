using System.Net.Sockets;
using System.Reactive.Concurrency;
using Cluster.Rx.Serving;

namespace Cluster.Rx.Specs;

public sealed class MasterSpecs
{
    [Fact]
    public void Create_ArgumentChecking()
    {
        Assert.Throws<ArgumentNullException>(() => Cluster.Rx.Master.Create((IServer)null!));
        Assert.Throws<ArgumentNullException>(() => Cluster.Rx.Master.Create((Func<IServer>)null!));
        Assert.Throws<ArgumentNullException>(() => CreateSut().Use(null!));
        Assert.Throws<ArgumentNullException>(() => CreateSut().Do(null!));
        Assert.Throws<ArgumentException>(() => CreateSut().In(" "));
        Assert.Throws<ArgumentException>(() => CreateSut().Listen(" "));
        Assert.Throws<ArgumentException>(() => CreateSut().Listen(80, ""));
    }

    [Fact]
    public void Create_OutsideAWorker_IsTheMaster()
    {
        var sut = CreateSut();

        Assert.True(sut.IsMaster);
        Assert.False(sut.IsWorker);
        Assert.Null(sut.WorkerId);
        Assert.Equal(MasterState.Active, sut.State);
        Assert.Empty(sut.Workers);
    }

    [Fact]
    public void Create_InAWorker_IsAWorker_WhoseSchedulerIsTheDefaultOne()
    {
        var sut = new Cluster.Rx.Master(() => new NoServer(), new WorkerEnvironment(2, 1, "/tmp/none.sock", ListenFd: null), "Production");

        Assert.True(sut.IsWorker);
        Assert.Equal(2, sut.WorkerId);
        Assert.Same(DefaultScheduler.Instance, sut.Scheduler);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Listen_PortOutOfRange_ThrowsNamingThePortAndTheRange(int port)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => CreateSut().Listen(port));

        Assert.Contains($"Port {port} is not a TCP port: give 1 to 65535, or 0 for a free port", error.Message);
    }

    [Fact]
    public void Listen_OnAnAbstractCluster_Throws()
    {
        var sut = new Cluster.Rx.Master(null, null, "Production");

        var error = Assert.Throws<InvalidOperationException>(() => sut.Listen(3000));

        Assert.Contains("abstract cluster", error.Message);
    }

    [Fact]
    public void Start_OnAClusterWithAServer_ThrowsPointingToListen()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CreateSut().Start());

        Assert.Contains("Listen(port)", error.Message);
    }

    [Fact]
    public void RunAsync_WithoutListen_ThrowsBeforeStartingAnything()
    {
        var error = Assert.Throws<InvalidOperationException>(() => { _ = CreateSut().RunAsync(); });

        Assert.Contains("Call Listen(port)", error.Message);
    }

    [Theory]
    [InlineData(nameof(Cluster.Rx.Master.Spawn))]
    [InlineData(nameof(Cluster.Rx.Master.Remove))]
    [InlineData(nameof(Cluster.Rx.Master.Close))]
    [InlineData(nameof(Cluster.Rx.Master.Destroy))]
    [InlineData(nameof(Cluster.Rx.Master.Kill))]
    public void Operation_BeforeRun_Throws(string operation)
    {
        var sut = CreateSut();
        Action call = operation switch
        {
            nameof(Cluster.Rx.Master.Spawn) => () => sut.Spawn(1),
            nameof(Cluster.Rx.Master.Remove) => () => sut.Remove(1),
            nameof(Cluster.Rx.Master.Close) => sut.Close,
            nameof(Cluster.Rx.Master.Destroy) => sut.Destroy,
            _ => () => sut.Kill(),
        };

        var error = Assert.Throws<InvalidOperationException>(call);

        Assert.Equal($"{operation} works once RunAsync has started the master.", error.Message);
    }

    [Fact]
    public void In_AnotherEnvironment_SkipsTheCallsThatFollowUntilTheNextIn()
    {
        var actions = new List<string>();

        var sut = CreateSut("Staging")
            .Set("title", "everywhere")
            .In("development").Set("workers", 1).Do(() => actions.Add("development"))
            .In("STAGING").Set("backlog", 64).Do(() => actions.Add("staging"))
            .In("all").Set("timeout", 5);

        Assert.Equal(["staging"], actions);
        Assert.True(sut.Has("title"));
        Assert.False(sut.Has("workers"));
        Assert.True(sut.Has("backlog"));
        Assert.True(sut.Has("timeout"));
    }

    [Fact]
    public void Set_InAnotherEnvironment_StillRejectsBadValues()
    {
        var sut = CreateSut("Production").In("development");

        Assert.Throws<ArgumentException>(() => sut.Set("workers", "many"));
        Assert.Throws<ArgumentException>(() => sut.Set("nonsense", 1));
    }

    private static Cluster.Rx.Master CreateSut(string environment = "Production") =>
        new(() => new NoServer(), null, environment);

    private sealed class NoServer : IServer
    {
        public int Connections => 0;

        public Task StartAsync(ListenContext context, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
