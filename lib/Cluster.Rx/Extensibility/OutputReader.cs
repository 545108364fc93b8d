using System.IO.Pipes;
using Cluster.Rx.Interop;
using Cluster.Rx.Internal;
using Cluster.Rx.Settings;
using Mono.Unix.Native;

namespace Cluster.Rx.Extensibility;

/// <summary>
/// Reads every worker's stdout and stderr pipe for the master, on one thread of its own, into lines for the
/// <see cref="OutputRouter"/>. A worker writes one line per <c>write(2)</c>; reading each as it arrives would wake the
/// master once per line (the cost of a log line through the master), so after a round that found output the
/// thread lets the pipes fill for the batch delay and reads them all again; when a round finds nothing it blocks
/// in <c>poll(2)</c> until the next byte, so an idle cluster costs no CPU.
/// </summary>
internal sealed class OutputReader : IDisposable
{
    private const int ReadsPerRound = 16;

    private readonly OutputRouter _router;
    private readonly TimeSpan _batchDelay;
    private readonly ClusterLog _log;
    private readonly Lock _gate = new();
    private readonly List<Source> _incoming = [];
    private readonly int _wakeRead;
    private readonly int _wakeWrite;
    private Thread? _thread;
    private bool _disposed;

    public OutputReader(OutputRouter router, TimeSpan batchDelay, ClusterLog log)
    {
        _router = router;
        _batchDelay = batchDelay;
        _log = log;
        if (Syscall.pipe(out _wakeRead, out _wakeWrite) < 0)
        {
            throw new ClusterException($"cannot create the pipe that wakes the output reader: {Stdlib.GetLastError()}");
        }

        Libc.SetCloseOnExec(_wakeRead, closeOnExec: true);
        Libc.SetCloseOnExec(_wakeWrite, closeOnExec: true);
        Libc.SetNonBlocking(_wakeRead);
        Libc.SetNonBlocking(_wakeWrite);
    }

    /// <summary>True when a plugin observes or takes the workers' output: a worker spawned now has its output read.</summary>
    public bool Capturing => _router.Capturing;

    /// <summary>Reads <paramref name="pipe"/> (a worker's stdout or stderr) until its writers have closed it.</summary>
    /// <returns>Completes when every line it carried has been handed to the router; the pipe is then disposed.</returns>
    public Task Add(PipeStream pipe, Worker worker, OutputKind kind)
    {
        var fd = (int)pipe.SafePipeHandle.DangerousGetHandle();
        Libc.SetNonBlocking(fd);
        Libc.TrySetPipeSize(fd, ClusterDefaults.OutputPipeSize);
        var source = new Source(pipe, fd, new LineSplitter(worker, kind));
        lock (_gate)
        {
            if (_disposed)
            {
                source.Finish();
                return source.Done;
            }

            _incoming.Add(source);
            _thread ??= Start();
        }

        Wake();
        return source.Done;
    }

    /// <summary>Reads what is left, hands it over, and ends the thread.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        Wake();
        if (_thread is null || _thread.Join(ClusterDefaults.FinalFlushTimeout))
        {
            // Closed only once the thread is gone, so no wake-up ever writes to a descriptor reused since.
            Libc.Close(_wakeRead);
            Libc.Close(_wakeWrite);
        }
    }

    private Thread Start()
    {
        var thread = new Thread(Run) { Name = "cluster output", IsBackground = true };
        thread.Start();
        return thread;
    }

    private void Run()
    {
        var sources = new List<Source>();
        var buffer = new byte[64 * 1024];
        var lines = new List<WorkerOutput>();
        try
        {
            while (true)
            {
                bool stopping;
                lock (_gate)
                {
                    sources.AddRange(_incoming);
                    _incoming.Clear();
                    stopping = _disposed;
                }

                var found = false;
                foreach (var source in sources.ToList())
                {
                    found |= ReadRound(source, buffer, lines);
                    if (source.Ended)
                    {
                        sources.Remove(source);
                    }
                }

                if (stopping)
                {
                    break;
                }

                DrainWake();
                Wait(sources, found ? (int)_batchDelay.TotalMilliseconds : -1);
            }
        }
        catch (Exception e)
        {
            _log.Write(LogEvents.OutputReaderFailed, e);
        }
        finally
        {
            foreach (var source in sources)
            {
                source.Finish();
            }
        }
    }

    /// <summary>Reads what one pipe has (a bounded number of reads, so no worker starves the others).</summary>
    /// <returns>
    /// True when it read output. The end of a pipe is none: it needs no batching, and a worker that dies closes its
    /// two pipes one after the other, so waiting the batch delay after the first end would hold back the second,
    /// and with it the master's notice of the death (see <c>WorkerProcessHandle</c>), by the whole delay.
    /// </returns>
    private bool ReadRound(Source source, byte[] buffer, List<WorkerOutput> lines)
    {
        var found = false;
        for (var i = 0; i < ReadsPerRound; i++)
        {
            int count;
            try
            {
                count = Libc.ReadAvailable(source.Fd, buffer);
            }
            catch (IOException)
            {
                count = 0;
            }

            if (count < 0)
            {
                break;
            }

            if (count == 0)
            {
                source.Splitter.End(lines);
                Hand(lines);
                source.Finish();
                return found;
            }

            found = true;
            source.Splitter.Add(buffer.AsSpan(0, count), lines);
        }

        Hand(lines);
        return found;
    }

    private void Hand(List<WorkerOutput> lines)
    {
        if (lines.Count > 0)
        {
            _router.Write(lines);
            lines.Clear();
        }
    }

    /// <summary>Waits for the batch delay (or, with -1, for the next byte on any pipe), or until woken.</summary>
    private void Wait(List<Source> sources, int timeoutMs)
    {
        var fds = new Pollfd[timeoutMs < 0 ? sources.Count + 1 : 1];
        fds[0] = new Pollfd { fd = _wakeRead, events = PollEvents.POLLIN };
        for (var i = 1; i < fds.Length; i++)
        {
            fds[i] = new Pollfd { fd = sources[i - 1].Fd, events = PollEvents.POLLIN };
        }

        _ = Syscall.poll(fds, timeoutMs);
    }

    private void Wake()
    {
        try
        {
            Libc.WriteAll(_wakeWrite, [1]);
        }
        catch (IOException)
        {
            // The wake-up pipe is full: the thread has wake-ups pending already.
        }
    }

    private void DrainWake()
    {
        Span<byte> bytes = stackalloc byte[64];
        while (Libc.ReadAvailable(_wakeRead, bytes) > 0)
        {
        }
    }

    private sealed class Source(PipeStream pipe, int fd, LineSplitter splitter)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Fd { get; } = fd;

        public LineSplitter Splitter { get; } = splitter;

        public bool Ended => _done.Task.IsCompleted;

        public Task Done => _done.Task;

        public void Finish()
        {
            if (_done.TrySetResult())
            {
                pipe.Dispose();
            }
        }
    }
}
