namespace Cluster.Rx;

/// <summary>The master bound and listens on the shared socket; <c>EndPoint</c> is the bound address (the real port when port 0 was asked for).</summary>
/// <param name="Timestamp">When it happened, by the master's scheduler clock.</param>
/// <param name="EndPoint">The bound address.</param>
public sealed record Listening(DateTimeOffset Timestamp, System.Net.EndPoint EndPoint) : ClusterEvent(Timestamp);
