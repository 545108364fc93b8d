using System.Buffers;
using System.Reactive.Concurrency;
using System.Text;
using Cluster.Rx.Interop;

namespace Cluster.Rx;

/// <summary>
/// One log file, appended to (<c>O_APPEND</c>: another process appending at the same time, such as the other master
/// of a restart, never overwrites a line) from any thread. Lines are buffered and written in whole-line chunks: a
/// flush is scheduled when the buffer stops being empty, and a buffer over <see cref="FlushThreshold"/> is written at
/// once. <see cref="Reopen"/> writes what is buffered to the file it has open, then opens the path again (log
/// rotation), so no line is lost or written twice. A write that fails is reported once through <c>warn</c>, and
/// the lines are dropped until a write succeeds again.
/// </summary>
internal sealed class LogFile : IDisposable
{
    /// <summary>A buffer holding this many bytes is written at once, without waiting for the scheduled flush.</summary>
    public const int FlushThreshold = 32 * 1024;

    /// <summary>
    /// How long after the first line of a burst the buffer is written: lines that come meanwhile go out in the same
    /// write. Flushing at once cost the master a wake-up of its loop and a write per line under load (bench/README.md).
    /// </summary>
    public static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(10);

    private readonly Lock _gate = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold * 2);
    private readonly IScheduler _scheduler;
    private readonly Action<string> _warn;
    private readonly Action _flush;
    private int _fd;
    private bool _failing;
    private bool _disposed;

    private LogFile(string path, int fd, IScheduler scheduler, Action<string> warn)
    {
        Path = path;
        _fd = fd;
        _scheduler = scheduler;
        _warn = warn;
        _flush = Flush;
    }

    public string Path { get; }

    /// <summary>Opens (creates) <paramref name="path"/> for appending.</summary>
    /// <param name="path">The file's full path.</param>
    /// <param name="scheduler">Where flushes are scheduled (the master's loop).</param>
    /// <param name="warn">Told, once per run of failures, that writing failed.</param>
    /// <exception cref="IOException">It cannot be opened.</exception>
    public static LogFile Open(string path, IScheduler scheduler, Action<string> warn) =>
        new(path, Libc.OpenForAppend(path), scheduler, warn);

    /// <summary>Adds <paramref name="line"/> (without its line ending); thread-safe. After <see cref="Dispose"/>, writes it at once.</summary>
    public void Append(string line)
    {
        bool schedule;
        lock (_gate)
        {
            schedule = _buffer.WrittenCount == 0 && !_disposed;
            Encoding.UTF8.GetBytes(line, _buffer);
            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
            if (_disposed)
            {
                WriteBuffer();
                Close();
                return;
            }

            if (_buffer.WrittenCount >= FlushThreshold)
            {
                WriteBuffer();
                schedule = false;
            }
        }

        if (schedule)
        {
            try
            {
                _scheduler.Schedule(FlushDelay, _flush);
            }
            catch (ObjectDisposedException)
            {
                // The master's loop has ended: nothing will flush later, so flush now.
                Flush();
            }
        }
    }

    /// <summary>Writes what is buffered; thread-safe.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            WriteBuffer();
        }
    }

    /// <summary>Writes what is buffered to the file open now, closes it and opens the path again; thread-safe.</summary>
    public void Reopen()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            WriteBuffer();
            Close();
            try
            {
                _fd = Libc.OpenForAppend(Path);
            }
            catch (IOException e)
            {
                // The next write tries again.
                Report(e);
            }
        }
    }

    /// <summary>Writes what is buffered and closes the file.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            WriteBuffer();
            Close();
            _disposed = true;
        }
    }

    private void WriteBuffer()
    {
        if (_buffer.WrittenCount == 0)
        {
            return;
        }

        try
        {
            if (_fd < 0)
            {
                _fd = Libc.OpenForAppend(Path);
            }

            Libc.WriteAll(_fd, _buffer.WrittenSpan);
            _failing = false;
        }
        catch (IOException e)
        {
            Report(e);
        }
        finally
        {
            _buffer.ResetWrittenCount();
        }
    }

    private void Report(IOException e)
    {
        if (!_failing)
        {
            _failing = true;
            _warn($"cannot write to '{Path}': {e.Message}; its lines are dropped until a write succeeds again");
        }
    }

    private void Close()
    {
        if (_fd >= 0)
        {
            Libc.Close(_fd);
            _fd = -1;
        }
    }
}
