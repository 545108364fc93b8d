using System.Text.Json.Nodes;

namespace Cluster.Rx;

/// <summary>
/// In a replacement master: the previous master has drained its workers and exited, and handed over
/// <c>Snapshot</c>, the state its <see cref="Master.Restarting"/> subscribers patched (empty if it could not be read).
/// </summary>
/// <param name="Timestamp">When it happened, by the master's scheduler clock.</param>
/// <param name="PreviousMasterPid">The pid of the master this one replaced.</param>
/// <param name="Snapshot">The state the previous master carried over.</param>
public sealed record Restarted(DateTimeOffset Timestamp, int PreviousMasterPid, JsonObject Snapshot) : ClusterEvent(Timestamp);
