using System.Text.Json.Nodes;

namespace Cluster.Rx;

/// <content>
/// Statistics across a zero-downtime restart. From <see cref="Restarting"/> on, every input writes the old master's
/// start, deaths, restarts + 1 and totals into the snapshot under <c>stats</c>, so what its draining workers do last
/// is handed over too (the snapshot is serialized once they have exited). Each value only ever grows (the start only
/// moves earlier), so several subscribers of the operator, however late one subscribed, write the same snapshot.
/// The new master adds them to its own at <see cref="Restarted"/>.
/// </content>
internal sealed partial record StatsState
{
    private const string StartedKey = "started";
    private const string DeathsKey = "deaths";
    private const string RestartsKey = "restarts";
    private const string RequestsKey = "requests";
    private const string ConnectionsKey = "connections";

    /// <summary>Writes this state into the restart snapshot being handed over, if there is one.</summary>
    private StatsState Patch()
    {
        if (HandOver is null)
        {
            return this;
        }

        if (HandOver[StatsDefaults.SnapshotKey] is not JsonObject stats)
        {
            HandOver[StatsDefaults.SnapshotKey] = stats = [];
        }

        if (Started is { } started && (Read<DateTimeOffset>(stats, StartedKey) is not { } written || started < written))
        {
            stats[StartedKey] = started;
        }

        Grow(stats, DeathsKey, Deaths);
        Grow(stats, RestartsKey, Restarts + 1);
        if (CountsRequests)
        {
            Grow(stats, RequestsKey, TotalRequests);
        }

        if (CountsConnections)
        {
            Grow(stats, ConnectionsKey, TotalConnections);
        }

        return this;
    }

    /// <summary>Adds what the previous master handed over; a snapshot without (valid) statistics changes nothing.</summary>
    private StatsState Carry(JsonObject snapshot)
    {
        if (snapshot[StatsDefaults.SnapshotKey] is not JsonObject stats)
        {
            return this;
        }

        var requests = Read<long>(stats, RequestsKey);
        var connections = Read<long>(stats, ConnectionsKey);
        var started = Read<DateTimeOffset>(stats, StartedKey);
        return this with
        {
            Started = Earliest(Started, started),
            Deaths = Deaths + (int)(Read<long>(stats, DeathsKey) ?? 0),
            Restarts = Math.Max(Restarts, (int)(Read<long>(stats, RestartsKey) ?? 0)),
            GoneRequests = GoneRequests + (requests ?? 0),
            GoneConnections = GoneConnections + (connections ?? 0),
            CountsRequests = CountsRequests || requests is not null,
            CountsConnections = CountsConnections || connections is not null,
        };
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? one, DateTimeOffset? other) =>
        one is null || (other is not null && other < one) ? other : one;

    private static void Grow(JsonObject stats, string key, long value)
    {
        if (Read<long>(stats, key) is not { } written || value > written)
        {
            stats[key] = value;
        }
    }

    private static T? Read<T>(JsonObject stats, string key)
        where T : struct =>
        stats[key] is JsonValue value && value.TryGetValue<T>(out var read) ? read : null;
}
