namespace Cluster.Rx;

/// <summary>
/// What a worker's part of <see cref="Plugins.Stats"/> sends the master on the plugin channel <c>stats</c>: its
/// server's totals since it started (not the change since the last message), so one message covers any number of
/// requests, and a message lost or read twice loses and doubles nothing. A count the plugin was not asked for is null.
/// </summary>
/// <param name="ConnectionsOpened">Connections accepted since the worker's server started; null unless connections are counted.</param>
/// <param name="ConnectionsClosed">Connections closed since the worker's server started; null unless connections are counted.</param>
/// <param name="Requests">Requests done since the worker's server started; null unless requests are counted.</param>
/// <param name="Pull">The master's pull this message answers (see the <c>stats</c> command); 0 for a periodic report.</param>
public sealed record WorkerActivity(long? ConnectionsOpened, long? ConnectionsClosed, long? Requests, long Pull = 0);
