using System.Globalization;

namespace Cluster.Rx.Serving;

/// <summary>
/// Who this worker is: its id and whether it is a standby. A standby starts with an id of its own and takes the id
/// of the worker it replaces when the master promotes it: <see cref="Master.WorkerId"/> and the
/// <c>CLUSTER_WORKER</c> variable change then, once.
/// </summary>
internal sealed class WorkerIdentity(WorkerEnvironment environment)
{
    private volatile int _id = environment.Id;
    private volatile bool _standby = environment.Standby;

    public int Id => _id;

    /// <summary>True until a standby is promoted.</summary>
    public bool IsStandby => _standby;

    /// <summary>A standby takes worker id <paramref name="id"/>.</summary>
    public void Promote(int id)
    {
        _id = id;
        _standby = false;
        Environment.SetEnvironmentVariable(WorkerEnvironment.WorkerVariable, id.ToString(CultureInfo.InvariantCulture));
        Environment.SetEnvironmentVariable(WorkerEnvironment.StandbyVariable, null);
    }
}
