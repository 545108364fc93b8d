namespace Cluster.Rx.Supervision;

/// <summary>Starts worker processes; the real one re-executes the program, specs use fakes.</summary>
internal interface IWorkerLauncher
{
    /// <summary>Starts worker <paramref name="id"/>, or a standby that holds <paramref name="id"/> until it is promoted.</summary>
    /// <exception cref="ClusterException">The process could not be started.</exception>
    IWorkerProcess Launch(int id, bool standby = false);
}
