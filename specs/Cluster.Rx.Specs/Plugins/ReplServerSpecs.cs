using System.Net;
using System.Net.Sockets;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using Microsoft.Reactive.Testing;
using Mono.Unix.Native;

namespace Cluster.Rx.Specs;

/// <summary>
/// The console's listener on real Unix and TCP sockets, with a fake master: its events hot observables and its retries
/// on a <see cref="TestScheduler"/>; commands run at once.
/// </summary>
public sealed class ReplServerSpecs : ReactiveTest, IDisposable
{
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(100);

    private readonly TestScheduler _scheduler = new();
    private readonly FakePluginContext _context;
    private readonly string _root = Directory.CreateTempSubdirectory("cluster-rx-repl-").FullName;
    private readonly string _path;
    private readonly List<IDisposable> _disposables = [];

    public ReplServerSpecs()
    {
        _context = new FakePluginContext(_scheduler, "repl") { Workers = [new Worker(0, 100)] };
        _path = Path.Combine(_root, "console.sock");
    }

    [Fact]
    public async Task Start_UnixPath_ListensMode0600_AndServes()
    {
        using var sut = Start(new ReplUnixEndPoint(_path));

        Assert.Equal(FilePermissions.S_IFSOCK | FilePermissions.S_IRUSR | FilePermissions.S_IWUSR, Mode(_path));
        Assert.Equal("hello\n", await ConsoleClient.AskOnceAsync(new UnixDomainSocketEndPoint(_path), "echo hello"));
        Assert.Empty(_context.Warnings);
    }

    [Fact]
    public void Resolve_RelativePath_IsTakenAgainstTheWorkingDirectory() =>
        Assert.Equal(new ReplUnixEndPoint(Path.GetFullPath("console.sock")), new ReplUnixEndPoint("console.sock").Resolve());

    [Fact]
    public void Start_DirectoryMissing_IsAClearError()
    {
        var path = Path.Combine(_root, "missing", "console.sock");

        var error = Assert.Throws<ClusterException>(() => Start(new ReplUnixEndPoint(path)));

        Assert.Equal($"cannot serve the console at {path}: the directory {Path.Combine(_root, "missing")} does not exist; create it, or give Repl a path in an existing directory", error.Message);
    }

    [Fact]
    public void Start_PathTooLongForASocket_IsAClearError()
    {
        var path = Path.Combine(_root, new string('s', 120));

        var error = Assert.Throws<ClusterException>(() => Start(new ReplUnixEndPoint(path)));

        Assert.Matches(@"^cannot serve the console at .*: the path is \d+ bytes long and may be \d+ at most \(a Unix socket's path has room for 107, and a temporary name beside it is bound first\); give Repl a shorter path$", error.Message);
    }

    [Fact]
    public void Start_PathIsARegularFile_IsAClearError_AndTheFileIsKept()
    {
        File.WriteAllText(_path, "mine");

        var error = Assert.Throws<ClusterException>(() => Start(new ReplUnixEndPoint(_path)));

        Assert.Equal($"cannot serve the console at {_path}: it exists and is not a socket; remove it, or give Repl another path", error.Message);
        Assert.Equal("mine", File.ReadAllText(_path));
    }

    [Fact]
    public async Task Start_StaleSocketFile_IsReplaced()
    {
        // .NET deletes the file a socket was bound to when it is disposed: bound elsewhere and renamed, the file stays.
        using (var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            stale.Bind(new UnixDomainSocketEndPoint(_path + ".bound"));
            File.Move(_path + ".bound", _path);
        }

        Assert.True(File.Exists(_path));
        using var sut = Start(new ReplUnixEndPoint(_path));

        Assert.Equal("alive\n", await ConsoleClient.AskOnceAsync(new UnixDomainSocketEndPoint(_path), "echo alive"));
    }

    [Fact]
    public void Start_PathALiveListenerHolds_IsAClearErrorNamingIt_AndItsSocketIsKept()
    {
        using var holder = Listen(_path);

        var error = Assert.Throws<ClusterException>(() => Start(new ReplUnixEndPoint(_path)));

        Assert.Equal($"cannot serve the console at {_path}: process {Environment.ProcessId} listens there already; stop it, or give Repl another path", error.Message);
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        probe.Connect(new UnixDomainSocketEndPoint(_path));
    }

    [Fact]
    public async Task Start_InAReplacementMaster_RetriesOnTheSchedulerUntilThePathIsLetGo()
    {
        var holder = Listen(_path);
        using var sut = Start(new ReplUnixEndPoint(_path), replacement: true);

        _scheduler.AdvanceBy(Retry.Ticks * 3);
        Assert.Null(sut.LocalEndPoint);

        // As the old master lets go when it begins shutting down: the file first, then the socket.
        File.Delete(_path);
        holder.Dispose();
        _scheduler.AdvanceBy(Retry.Ticks);

        Assert.NotNull(sut.LocalEndPoint);
        Assert.Equal("taken over\n", await ConsoleClient.AskOnceAsync(new UnixDomainSocketEndPoint(_path), "echo 'taken over'"));
        Assert.Empty(_context.Warnings);
    }

    [Fact]
    public void Start_InAReplacementMasterThatCloses_StopsRetrying()
    {
        var holder = Listen(_path);
        _context.Events = _scheduler.CreateHotObservable(OnNext<ClusterEvent>(Retry.Ticks * 2, new Closing(default, MasterState.HardShutdown)));
        using var sut = Start(new ReplUnixEndPoint(_path), replacement: true);
        _scheduler.AdvanceBy(Retry.Ticks * 3);

        File.Delete(_path);
        holder.Dispose();
        _scheduler.AdvanceBy(Retry.Ticks * 10);

        Assert.Null(sut.LocalEndPoint);
        Assert.False(File.Exists(_path));
    }

    [Fact]
    public async Task Closing_LetsTheAddressGo_ConnectedClientsStayAndAreTold_RestartingToo()
    {
        var events = _scheduler.CreateHotObservable(
            OnNext<ClusterEvent>(300, new Restarting(default, [])),
            OnNext<ClusterEvent>(400, new Closing(default, MasterState.GracefulShutdown)));
        _context.Events = events;
        var sut = Start(new ReplUnixEndPoint(_path));
        using var client = await ConsoleClient.ConnectAsync(_path);
        await client.ReadUntilAsync(ConsoleClient.Prompt);

        _scheduler.AdvanceTo(300);
        await client.ReadUntilAsync("\nrestarting - closing connection soon\ncluster> ");
        _scheduler.AdvanceTo(400);
        await client.ReadUntilAsync("\nthe master is shutting down - closing connection soon\ncluster> ");

        Assert.False(File.Exists(_path));
        Assert.Null(sut.LocalEndPoint);
        Assert.Equal("still here\n", await client.AskAsync("echo still here"));
        sut.Dispose();
        await client.ReadToEndAsync();
        events.Subscriptions.AssertEqual(Subscribe(0, 400), Subscribe(0, 400));
    }

    [Fact]
    public void Dispose_LeavesASocketFileThatIsNoLongerItsOwn()
    {
        var sut = Start(new ReplUnixEndPoint(_path));
        File.Delete(_path);
        using var successor = Listen(_path);

        sut.Dispose();

        Assert.True(File.Exists(_path));
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        probe.Connect(new UnixDomainSocketEndPoint(_path));
    }

    [Fact]
    public async Task Dispose_ClosesEveryClient_AndRemovesItsFile()
    {
        var sut = Start(new ReplUnixEndPoint(_path));
        using var client = await ConsoleClient.ConnectAsync(_path);
        await client.ReadUntilAsync(ConsoleClient.Prompt);

        sut.Dispose();

        Assert.Equal(ConsoleClient.Prompt, await client.ReadToEndAsync());
        Assert.False(File.Exists(_path));
    }

    [Fact]
    public async Task TwentyClientsAtOnce_AreEachAnsweredInOrder()
    {
        using var sut = Start(new ReplUnixEndPoint(_path));

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var client = await ConsoleClient.ConnectAsync(_path);
            await client.ReadUntilAsync(ConsoleClient.Prompt);
            return await client.AskAsync($"echo client {i}") + await client.AskAsync($"echo again {i}");
        }));

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"client {i}\nagain {i}\n"), answers);
    }

    [Fact]
    public async Task ClientsBeyondTheMost_AreRefusedWithALine_AndWarned()
    {
        using var sut = Start(new ReplUnixEndPoint(_path));
        var clients = new List<ConsoleClient>();
        try
        {
            for (var i = 0; i < 64; i++)
            {
                clients.Add(await ConsoleClient.ConnectAsync(_path));
                await clients[^1].ReadUntilAsync(ConsoleClient.Prompt);
            }

            using var refused = await ConsoleClient.ConnectAsync(_path);

            Assert.Equal("refused: the console serves 64 clients already; try again when one has gone\n", await refused.ReadToEndAsync());
            Assert.Equal(["refused a console connection: 64 clients are connected already, the most it serves"], _context.Warnings);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task Tcp_OnLoopback_Serves_WithoutAWarning()
    {
        using var sut = Start(new ReplTcpEndPoint("127.0.0.1", 0));

        Assert.Equal("tcp\n", await ConsoleClient.AskOnceAsync(sut.LocalEndPoint!, "echo tcp"));
        Assert.Empty(_context.Warnings);
    }

    [Fact]
    public async Task Tcp_OnAnAddressOtherThanLoopback_Warns()
    {
        using var sut = Start(new ReplTcpEndPoint("0.0.0.0", 0));
        var port = ((IPEndPoint)sut.LocalEndPoint!).Port;

        Assert.Equal(
            ["the console at 0.0.0.0:0 accepts connections from the network; anyone who reaches it controls the cluster (without a host it listens on 127.0.0.1 only)"],
            _context.Warnings);
        Assert.Equal("ok\n", await ConsoleClient.AskOnceAsync(new IPEndPoint(IPAddress.Loopback, port), "echo ok"));
    }

    [Fact]
    public void Tcp_PortInUse_IsAClearError()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        holder.Listen();
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port;

        var error = Assert.Throws<ClusterException>(() => Start(new ReplTcpEndPoint("127.0.0.1", port)));

        Assert.Equal($"cannot serve the console at 127.0.0.1:{port}: another process listens there already; stop it, or give Repl another port", error.Message);
    }

    public void Dispose()
    {
        _disposables.ForEach(d => d.Dispose());
        Directory.Delete(_root, recursive: true);
    }

    private ReplServer Start(ReplEndPoint endPoint, bool replacement = false) =>
        ReplServer.Start(_context, endPoint, replacement, new ReplConsole(_context, ImmediateScheduler.Instance, new CommandRegistry()));

    private Socket Listen(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _disposables.Add(socket);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen();
        return socket;
    }

    private static FilePermissions Mode(string path)
    {
        Assert.Equal(0, Syscall.lstat(path, out var stat));
        return stat.st_mode & (FilePermissions.S_IFMT | FilePermissions.ALLPERMS);
    }
}
