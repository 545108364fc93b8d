namespace Cluster.Rx.Specs;

/// <summary>The machine's resources as a spec sets them; memory read in turn from <see cref="Memories"/> (the last one repeated).</summary>
internal sealed class FakeResourceProbe : IResourceProbe
{
    public int Cores { get; set; } = 2;

    public LoadAverage? Load { get; set; } = new(0.5, 0.25, 0.15);

    public Queue<MemoryStats?> Memories { get; } = new([new MemoryStats(2L << 30, 4L << 30), new MemoryStats(1L << 30, 4L << 30)]);

    public LoadAverage? LoadAverage() => Load;

    public MemoryStats? Memory() => Memories.Count > 1 ? Memories.Dequeue() : Memories.Peek();
}
