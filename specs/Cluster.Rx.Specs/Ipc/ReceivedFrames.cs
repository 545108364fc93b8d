using System.Buffers;
using Cluster.Rx.Ipc;

namespace Cluster.Rx.Specs.Ipc;

/// <summary>An onFrame callback that copies each frame and can be awaited for a number of them.</summary>
internal sealed class ReceivedFrames
{
    private readonly Lock _gate = new();
    private readonly List<(FrameType Type, byte[] Payload)> _frames = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

    public void OnFrame(FrameType type, ReadOnlySequence<byte> payload)
    {
        lock (_gate)
        {
            _frames.Add((type, payload.ToArray()));
            foreach (var waiter in _waiters.Where(w => _frames.Count >= w.Count))
            {
                waiter.Reached.TrySetResult();
            }
        }
    }

    public List<(FrameType Type, byte[] Payload)> Snapshot()
    {
        lock (_gate)
        {
            return [.. _frames];
        }
    }

    /// <summary>Completes when at least <paramref name="count"/> frames have arrived (bounded by the caller).</summary>
    public Task WhenCount(int count)
    {
        lock (_gate)
        {
            if (_frames.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }
}
