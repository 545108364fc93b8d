namespace Cluster.Rx.Serving;

/// <summary>
/// A server that awaits <see cref="ListenContext.Admitted"/> before its first accept (and accepts nothing when it
/// completes with false), so that a standby can start it before it is promoted. A server without this mark is
/// started by a standby only once it is promoted.
/// </summary>
internal interface IAwaitsAdmission;
