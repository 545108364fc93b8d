namespace Cluster.Rx;

/// <summary>One line a worker wrote to its standard output or standard error (see <see cref="IPluginContext.Output"/>).</summary>
/// <param name="Worker">The worker that wrote it.</param>
/// <param name="Kind">Which of its streams.</param>
/// <param name="Line">The line, without its line ending (a line longer than 64 KiB arrives in parts).</param>
public sealed record WorkerOutput(Worker Worker, OutputKind Kind, string Line);
