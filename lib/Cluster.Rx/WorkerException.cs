namespace Cluster.Rx;

/// <summary>A worker reported an unhandled exception, just before it dies.</summary>
/// <param name="Timestamp">When it happened, by the master's scheduler clock.</param>
/// <param name="Worker">The worker concerned.</param>
/// <param name="Type">The exception's type name.</param>
/// <param name="Message">The exception's message.</param>
/// <param name="StackTrace">The exception's stack trace.</param>
public sealed record WorkerException(DateTimeOffset Timestamp, Worker Worker, string Type, string Message, string StackTrace) : WorkerEvent(Timestamp, Worker);
