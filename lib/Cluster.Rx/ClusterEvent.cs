namespace Cluster.Rx;

/// <summary>
/// Something that happened in (or is about to happen to) a cluster; the common base of every event on
/// <see cref="Master.Events"/>. The hierarchy is closed: every event type is declared in this assembly.
/// </summary>
/// <param name="Timestamp">When it happened, by the master's scheduler clock.</param>
public abstract record ClusterEvent(DateTimeOffset Timestamp);
