using System.Net;

namespace Cluster.Rx.ProcessSpecs.Harness;

/// <summary>An HTTP answer of the SpecHost app: status, body, the worker that gave it and that worker's master (-1 when not said).</summary>
internal sealed record Reply(HttpStatusCode Status, string Body, int Pid, int Id, int MasterPid);
