using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Cluster.Rx.ProcessSpecs.Harness;

/// <summary>
/// Continuous HTTP load on a cluster, for the restart specs: a few clients each send GETs one after another, some
/// on a fresh connection per request (<c>Connection: close</c>), some on a pooled keep-alive connection (the way
/// real clients meet a worker that closes an idle connection as it stops). Every request is recorded with when it
/// started and what answered it; an exception or a status other than 200 is a failure. The load is bounded: it
/// stops by itself after <see cref="Deadline"/> or <see cref="MaxRequestsPerClient"/> requests per client.
/// </summary>
internal sealed class Load : IAsyncDisposable
{
    /// <summary>The load stops by itself this long after it started, whatever the spec does.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);

    /// <summary>Each client stops by itself after this many requests.</summary>
    public const int MaxRequestsPerClient = 50_000;

    // Each client pauses this long between its requests: a handful of clients then keep a steady stream of requests
    // going without starving a 2-core machine that is starting masters and workers at the same time. Pacing only,
    // never a wait for something to happen.
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(4);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Sample> _samples = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly List<HttpClient> _clients = [];
    private readonly Task _running;

    private Load(int port, int fresh, int keepAlive)
    {
        _stop.CancelAfter(Deadline);
        var loops = new List<Task>();
        var shared = Clients.Tcp(port);
        _clients.Add(shared);
        for (var i = 0; i < fresh; i++)
        {
            var name = $"fresh#{i}";
            loops.Add(Task.Run(() => LoopAsync(name, keepAlive: false, shared)));
        }

        for (var i = 0; i < keepAlive; i++)
        {
            // A client of its own, so each keep-alive loop has its own pooled connection.
            var client = Clients.Tcp(port);
            _clients.Add(client);
            var name = $"keep-alive#{i}";
            loops.Add(Task.Run(() => LoopAsync(name, keepAlive: true, client)));
        }

        _running = Task.WhenAll(loops);
    }

    /// <summary>Requests that got a 200, so far.</summary>
    public int Succeeded => _samples.Count;

    /// <summary>Every failure so far, one line each.</summary>
    public IReadOnlyList<string> Failures => [.. _failures];

    /// <summary>Starts <paramref name="fresh"/> clients on fresh connections and <paramref name="keepAlive"/> on keep-alive connections against 127.0.0.1:<paramref name="port"/>.</summary>
    public static Load Start(int port, int fresh = 2, int keepAlive = 2) => new(port, fresh, keepAlive);

    /// <summary>Now, on the load's clock: requests started after a mark are those sent after what the spec just saw.</summary>
    public TimeSpan Mark() => _clock.Elapsed;

    /// <summary>The successful requests that started after <paramref name="mark"/>.</summary>
    public IReadOnlyList<Sample> After(TimeSpan mark) => [.. _samples.Where(s => s.Started > mark)];

    /// <summary>
    /// Waits until <paramref name="count"/> requests of each kind (fresh and keep-alive) that started after
    /// <paramref name="mark"/> have succeeded; fails the spec when they do not within <see cref="Limits.Line"/>.
    /// </summary>
    public Task WaitForSuccessesAsync(TimeSpan mark, int count, Func<string> describe) =>
        Eventually.AssertAsync(
            () => After(mark).GroupBy(s => s.KeepAlive).Count(g => g.Count() >= count) == 2,
            Limits.Line,
            () => $"fewer than {count} requests of each kind succeeded after {mark.TotalSeconds:0.000} s (load: {Describe()})\n{describe()}");

    /// <summary>Stops sending; waits (bounded) for the requests under way to end.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(Clients.RequestLimit + TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"the load did not stop: requests still under way after {(Clients.RequestLimit + TimeSpan.FromSeconds(10)).TotalSeconds} s ({Describe()})");
        }
    }

    /// <summary>Fails the spec when any request failed, listing every failure.</summary>
    public void AssertNoFailures(Func<string> describe)
    {
        var failures = Failures;
        Assert.True(
            failures.Count == 0,
            $"{failures.Count} of {failures.Count + Succeeded} requests failed:\n  {string.Join("\n  ", failures)}\n{describe()}");
    }

    /// <summary>How many requests of each kind succeeded, and how many failed.</summary>
    public string Describe()
    {
        var samples = _samples.ToArray();
        return $"{samples.Count(s => !s.KeepAlive)} fresh-connection and {samples.Count(s => s.KeepAlive)} keep-alive requests succeeded, {_failures.Count} failed";
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAny(_running, Task.Delay(Clients.RequestLimit));
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _stop.Dispose();
    }

    private async Task LoopAsync(string name, bool keepAlive, HttpClient client)
    {
        for (var n = 0; n < MaxRequestsPerClient && !_stop.IsCancellationRequested; n++)
        {
            var started = _clock.Elapsed;
            try
            {
                // Not cancelled by the stop: a request under way always runs to its end, and is judged.
                var reply = keepAlive ? await client.FetchKeepAliveAsync("/") : await client.FetchAsync("/");
                if (reply.Status == HttpStatusCode.OK)
                {
                    _samples.Enqueue(new Sample(started, keepAlive, reply.Pid, reply.MasterPid));
                }
                else
                {
                    Fail(name, started, $"HTTP {(int)reply.Status} from worker {reply.Id} (pid {reply.Pid}, master {reply.MasterPid})");
                }
            }
            catch (Exception e)
            {
                Fail(name, started, Explain(e));
            }

            try
            {
                await Task.Delay(Pace, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private void Fail(string name, TimeSpan started, string what) =>
        _failures.Enqueue($"[{started.TotalSeconds,7:0.000} → {_clock.Elapsed.TotalSeconds,7:0.000} s] {name}: {what}");

    private static string Explain(Exception e)
    {
        var parts = new List<string>();
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            parts.Add($"{inner.GetType().Name}: {inner.Message}");
        }

        return string.Join(" ← ", parts);
    }

    /// <summary>A request that succeeded: when it started (on the load's clock), on which kind of connection, and who answered.</summary>
    public sealed record Sample(TimeSpan Started, bool KeepAlive, int WorkerPid, int MasterPid);
}
