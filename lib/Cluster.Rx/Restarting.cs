using System.Text.Json.Nodes;

namespace Cluster.Rx;

/// <summary>
/// The master is about to start its replacement. <c>Snapshot</c> is the state handed to the new master:
/// subscribers (plugins) patch it now, synchronously; it is serialized once this master has drained its workers
/// and arrives in the new master on <see cref="Master.Restarted"/>.
/// </summary>
/// <param name="Timestamp">When it happened, by the master's scheduler clock.</param>
/// <param name="Snapshot">The state to carry over; patch it in place.</param>
public sealed record Restarting(DateTimeOffset Timestamp, JsonObject Snapshot) : ClusterEvent(Timestamp);
