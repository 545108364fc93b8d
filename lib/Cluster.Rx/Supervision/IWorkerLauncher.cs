namespace Cluster.Rx.Supervision;

/// <summary>Starts worker processes; the real one re-executes the program, specs use fakes.</summary>
internal interface IWorkerLauncher
{
    /// <summary>Starts worker <paramref name="id"/>.</summary>
    /// <exception cref="ClusterException">The process could not be started.</exception>
    IWorkerProcess Launch(int id);
}
